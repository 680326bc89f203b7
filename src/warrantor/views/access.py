"""What the signed-in user, users and API tokens look like outside (API JSON)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from warrantor.store.users import ApiToken, User


class MeOut(BaseModel):
    user_id: int | None
    name: str
    role: str
    account: str | None
    is_staff: bool


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str
    """The token itself: shown this once, never again. Send it as ``Authorization: Bearer``."""


def token_out(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.id,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
    )


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    role: str
    account: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        account=user.account_code,
        active=user.active,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
    )

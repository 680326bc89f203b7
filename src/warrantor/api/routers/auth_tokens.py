"""Routes: who-am-I, API tokens, and (admins) users (issue #6).

A token's value is in the answer to its creation only; lists show its
prefix. Revoking someone else's token is 404 (an admin may revoke any).
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from warrantor.api.deps import ActorDep, RuntimeDep
from warrantor.services.auth_tokens import create_token, list_tokens, revoke_token
from warrantor.services.users import NewUser, create_user, deactivate_user, list_users
from warrantor.store.users import ApiToken, User

router = APIRouter(tags=["auth"])


class MeOut(BaseModel):
    user_id: int | None
    name: str
    role: str
    account: str | None
    is_staff: bool


@router.get("/me")
def me(actor: ActorDep) -> MeOut:
    """Who this request is signed in as."""
    return MeOut(
        user_id=actor.user_id,
        name=actor.name,
        role=actor.role.value,
        account=actor.account_code,
        is_staff=actor.is_staff,
    )


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="What the token is for")
    expires_in_days: int | None = Field(default=None, ge=1)


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


def _token_out(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.id,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
    )


@router.post("/tokens", status_code=status.HTTP_201_CREATED)
def post_token(body: TokenIn, runtime: RuntimeDep, actor: ActorDep) -> TokenCreatedOut:
    """Make an API token for the signed-in user; its value is in this answer only."""
    created = create_token(
        runtime.uow_factory, actor, body.name, runtime.clock.now(), body.expires_in_days
    )
    return TokenCreatedOut(token=created.secret, **_token_out(created.token).model_dump())


@router.get("/tokens")
def get_tokens(runtime: RuntimeDep, actor: ActorDep) -> list[TokenOut]:
    """The signed-in user's tokens, newest first (prefix only)."""
    return [_token_out(t) for t in list_tokens(runtime.uow_factory, actor)]


@router.delete("/tokens/{token_id}")
def delete_token(token_id: int, runtime: RuntimeDep, actor: ActorDep) -> TokenOut:
    """Revoke a token at once; it signs nobody in from now on."""
    return _token_out(revoke_token(runtime.uow_factory, actor, token_id, runtime.clock.now()))


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    role: str
    account: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None


class UserIn(BaseModel):
    email: str
    name: str
    role: str
    account: str
    password: str


class DeactivateIn(BaseModel):
    email: str


def _user_out(user: User) -> UserOut:
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


@router.get("/users")
def get_users(runtime: RuntimeDep, actor: ActorDep, account: str | None = None) -> list[UserOut]:
    """Every user, by email (warranty admins only)."""
    return [_user_out(u) for u in list_users(runtime.uow_factory, actor, account)]


@router.post("/users", status_code=status.HTTP_201_CREATED)
def post_user(body: UserIn, runtime: RuntimeDep, actor: ActorDep) -> UserOut:
    """Add a user whose role fits their account (warranty admins only)."""
    new = NewUser(body.email, body.name, body.role, body.account, body.password)
    return _user_out(create_user(runtime.uow_factory, actor, new, runtime.clock.now()))


@router.post("/users/deactivate")
def post_deactivate(body: DeactivateIn, runtime: RuntimeDep, actor: ActorDep) -> UserOut:
    """Stop a user signing in: sessions end, tokens stop working (warranty admins only)."""
    return _user_out(deactivate_user(runtime.uow_factory, actor, body.email))

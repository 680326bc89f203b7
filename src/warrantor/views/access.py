"""What the signed-in user, users and API tokens look like outside (API JSON)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from warrantor.store.users import ApiToken, User
from warrantor.views.records import FromRecord, answer_from


class MeOut(BaseModel):
    user_id: int | None
    name: str
    role: str
    account: str | None
    is_staff: bool


class TokenOut(FromRecord):
    """An API token as its owner sees it. Fields listed one by one, not ``record_fields``:
    a field added to the record later (a hash) must not be shown by accident."""

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
    return TokenOut.model_validate(token)


class UserOut(FromRecord):
    """A user as staff see it; ``account`` is the account's code. Fields listed one by one,
    not ``record_fields``: the record holds the password hash."""

    id: int
    email: str
    name: str
    role: str
    account: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None


def user_out(user: User) -> UserOut:
    return answer_from(UserOut, user, account=user.account_code)

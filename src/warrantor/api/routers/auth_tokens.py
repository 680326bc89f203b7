"""Routes: who-am-I, API tokens, and (admins) users (issue #6).

A token's value is in the answer to its creation only; lists show its
prefix. Revoking someone else's token is 404 (an admin may revoke any).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from warrantor.api.responses import errors
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.services.access.tokens import (
    MAX_TOKEN_DAYS,
    create_token,
    list_tokens,
    revoke_token,
)
from warrantor.services.access.users import (
    NewUser,
    change_role,
    create_user,
    deactivate_user,
    list_users,
)
from warrantor.views.access import (
    MeOut,
    TokenCreatedOut,
    TokenOut,
    UserOut,
    token_out,
    user_out,
)

router = APIRouter(tags=["auth"])


@router.get("/me", responses=errors(401))
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
    expires_in_days: int | None = Field(default=None, ge=1, le=MAX_TOKEN_DAYS)


@router.post("/tokens", status_code=status.HTTP_201_CREATED, responses=errors(401, 403, 422))
def post_token(body: TokenIn, runtime: RuntimeDep, actor: ActorDep) -> TokenCreatedOut:
    """Make an API token for the signed-in user; its value is in this answer only."""
    created = create_token(
        runtime.uow_factory, actor, body.name, runtime.clock.now(), body.expires_in_days
    )
    return TokenCreatedOut(token=created.secret, **token_out(created.token).model_dump())


@router.get("/tokens", responses=errors(401))
def get_tokens(request: Request, runtime: RuntimeDep, actor: ActorDep) -> list[TokenOut]:
    """The signed-in user's tokens, newest first (prefix only)."""
    return [token_out(t) for t in list_tokens(reads_for(request, runtime), actor)]


@router.delete("/tokens/{token_id}", responses=errors(401, 404, 422))
def delete_token(token_id: int, runtime: RuntimeDep, actor: ActorDep) -> TokenOut:
    """Revoke a token at once; it signs nobody in from now on."""
    return token_out(revoke_token(runtime.uow_factory, actor, token_id, runtime.clock.now()))


class UserIn(BaseModel):
    email: str
    name: str
    role: str
    account: str
    password: str


class DeactivateIn(BaseModel):
    email: str
    reason: str = Field("", max_length=500, description="Why (kept in the audit trail)")


class RoleIn(BaseModel):
    email: str
    role: str = Field(description="customer, distributor, dealer, agent, technician or admin")
    reason: str = Field("", max_length=500, description="Why (kept in the audit trail)")


@router.get("/users", responses=errors(401, 403, 422))
def get_users(
    request: Request, runtime: RuntimeDep, actor: ActorDep, account: str | None = None
) -> list[UserOut]:
    """Every user, by email (warranty admins only)."""
    return [user_out(u) for u in list_users(reads_for(request, runtime), actor, account)]


@router.post("/users", status_code=status.HTTP_201_CREATED, responses=errors(401, 403, 422))
def post_user(body: UserIn, runtime: RuntimeDep, actor: ActorDep) -> UserOut:
    """Add a user whose role fits their account (warranty admins only)."""
    new = NewUser(body.email, body.name, body.role, body.account, body.password)
    return user_out(create_user(runtime.uow_factory, actor, new, runtime.clock.now()))


@router.post("/users/deactivate", responses=errors(401, 403, 404, 409, 422))
def post_deactivate(body: DeactivateIn, runtime: RuntimeDep, actor: ActorDep) -> UserOut:
    """Stop a user signing in: sessions end, tokens stop working (warranty admins only)."""
    now = runtime.clock.now()
    return user_out(deactivate_user(runtime.uow_factory, actor, body.email, now, body.reason))


@router.post("/users/role", responses=errors(401, 403, 409, 422))
def post_role(body: RoleIn, runtime: RuntimeDep, actor: ActorDep) -> UserOut:
    """Give a user another role that fits their account; their sessions end (admins only)."""
    now = runtime.clock.now()
    changed = change_role(runtime.uow_factory, actor, body.email, body.role, now, body.reason)
    return user_out(changed)

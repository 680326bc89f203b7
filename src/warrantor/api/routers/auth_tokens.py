"""Routes: who-am-I, API tokens, and (admins) users (issue #6).

A token's value is in the answer to its creation only; lists show its
prefix. Revoking someone else's token is 404 (an admin may revoke any).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response, status
from pydantic import BaseModel, Field

from warrantor.api.paging import (
    CursorQuery,
    SearchQuery,
    refuse_cursor_with_search,
    send_page_links,
)
from warrantor.api.responses import errors
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.access.directory import search_users
from warrantor.services.access.tokens import (
    MAX_TOKEN_DAYS,
    create_token,
    page_tokens,
    revoke_token,
)
from warrantor.services.access.users import (
    NewUser,
    change_role,
    create_user,
    deactivate_user,
    page_users,
)
from warrantor.services.paging import MAX_PAGE
from warrantor.views.access import (
    MeOut,
    TokenCreatedOut,
    TokenOut,
    UserOut,
    token_out,
    user_out,
)

router = guarded_router(tags=["auth"])


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


@router.get("/tokens", responses=errors(401, 422))
def get_tokens(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[TokenOut]:
    """The signed-in user's tokens, newest first (prefix only), a page at a time (``Link``
    rel=next, ``X-Next-Cursor``); not counted. A cursor not from this list: 422."""
    page = page_tokens(reads_for(request, runtime), actor, None, limit, cursor)
    send_page_links(request, response, page)
    return [token_out(t) for t in page.items]


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
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    account: str | None = None,
    q: SearchQuery = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[UserOut]:
    """Every user, by e-mail, a page at a time (``Link`` rel=next, ``X-Next-Cursor``; not
    counted); with ``q``, the users whose e-mail is ``q``, then those whose e-mail or a
    word of whose name starts with it, then names and addresses like it (at most 100,
    one answer). Warranty admins only. A cursor not from this list, or beside ``q``: 422."""
    reads = reads_for(request, runtime)
    refuse_cursor_with_search(q, cursor)
    if q is not None:
        return [user_out(hit.user) for hit in search_users(reads, actor, q, limit)]
    page = page_users(reads, actor, account, limit, cursor)
    send_page_links(request, response, page)
    return [user_out(u) for u in page.items]


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

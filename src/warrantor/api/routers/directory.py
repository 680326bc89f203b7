"""``GET /api/v1/accounts``: the accounts users act for, a page at a time or searched
(issue #23, items 1 and 2); warranty admins only. One account's page for staff is
``routers.accounts``; users are listed and searched at ``GET /api/v1/users``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

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
from warrantor.services.access.directory import page_accounts, search_accounts
from warrantor.services.paging import MAX_PAGE
from warrantor.views.accounts import AccountOut

router = guarded_router(tags=["accounts"])


@router.get("/accounts", responses=errors(401, 403, 422))
def get_accounts(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    kind: Annotated[str | None, Query(description="customer, distributor, dealer, ...")] = None,
    q: SearchQuery = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[AccountOut]:
    """Accounts by code, a page at a time (``Link`` rel=next, ``X-Next-Cursor``; not
    counted); with ``q``, the account whose code is ``q``, then those whose code or a
    word of whose name starts with it, then codes and names like it (at most 100, one
    answer). Warranty admins only. A cursor not from this list, or beside ``q``: 422."""
    reads = reads_for(request, runtime)
    refuse_cursor_with_search(q, cursor)
    if q is not None:
        found = [hit.account for hit in search_accounts(reads, actor, q, limit)]
        return [AccountOut.model_validate(a) for a in found]
    page = page_accounts(reads, actor, kind, limit, cursor)
    send_page_links(request, response, page)
    return [AccountOut.model_validate(a) for a in page.items]

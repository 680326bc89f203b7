"""Routes: the audit trail, for warranty admins (issue #17): per object, per person, paged.

Newest first, a page at a time as every list pages: ``Link: <...>; rel="next"`` and
``X-Next-Cursor`` (also ``next_cursor`` in the body) lead to the next, older page; not
counted (``X-Total-Count-Kind: none``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from warrantor.api.paging import CursorQuery, send_page_links
from warrantor.api.responses import errors
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.request_guard import guarded_router
from warrantor.services.audit.trail import MAX_PAGE, TrailQuery, read_trail
from warrantor.views.audit import AuditPageOut, audit_page_out

router = guarded_router(tags=["audit"])


@router.get("/audit", responses=errors(401, 403, 404, 422))
def get_audit(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    kind: Annotated[
        str | None, Query(description="The kind of object: unit, price_list, user, ...")
    ] = None,
    id: Annotated[
        str | None, Query(description="The object, e.g. QNAP/Q123 for a unit (needs kind)")
    ] = None,
    person: Annotated[str | None, Query(description="E-mail of the user who acted")] = None,
    action: Annotated[str | None, Query(description="e.g. unit.changed")] = None,
    back_dated: Annotated[
        bool, Query(description="Only changes recording a fact dated before the day they were")
    ] = False,
    run: Annotated[str | None, Query(description="Only the rows of one import run")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    cursor: CursorQuery = None,
) -> AuditPageOut:
    """Who changed what, when, the values before and after, and why (warranty admins only).
    A cursor not from this list: 422."""
    query = TrailQuery(kind, id, person, action, back_dated, run, cursor, limit)
    page = read_trail(runtime.uow_factory, actor, query)
    send_page_links(request, response, page)
    return audit_page_out(page)

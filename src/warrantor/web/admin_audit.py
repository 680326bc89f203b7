"""The admin's audit trail page (/admin/audit): per object, per person, or all, newest first.

A GET form of filters (kind and object, person, action, back-dated) over the
same service the API and the CLI call (``audit.trail.read_trail``, which
checks the role again); "Older entries" follows the page's cursor.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from warrantor.domain.actors import Role
from warrantor.domain.audit import Action, SubjectKind
from warrantor.errors import InvalidInput, NotFound
from warrantor.http.deps import RuntimeDep
from warrantor.services.audit.trail import MAX_PAGE, TrailQuery, read_trail
from warrantor.views.audit import AuditPageOut, action_name, audit_page_out, kind_name
from warrantor.web.access import PageActorDep, require
from warrantor.web.forms import Form
from warrantor.web.rendering import page_router, render

router = page_router()

LABELS = {
    "kind": "Kind of object",
    "id": "Object",
    "person": "Person (e-mail)",
    "action": "Action",
    "back_dated": "Back-dated only",
}


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_trail(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    kind: str = "",
    id: str = "",
    person: str = "",
    action: str = "",
    back_dated: str = "",
    run: str = "",
    cursor: str = "",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> HTMLResponse:
    """Who changed what, when, before and after, and why: filtered by the form above the table."""
    require(actor, Role.ADMIN)
    values = {"kind": kind, "id": id, "person": person, "action": action}
    form = Form.of({**values, "back_dated": back_dated}, LABELS)
    query = TrailQuery(
        kind=kind or None,
        object_id=id or None,
        person=person or None,
        action=action or None,
        back_dated=bool(back_dated),
        run=run or None,
        cursor=cursor or None,
        limit=limit,
    )
    page = AuditPageOut(events=[], next_cursor=None)
    status = 200
    try:
        page = audit_page_out(read_trail(runtime.uow_factory, actor, query))
    except (InvalidInput, NotFound) as error:
        form.fail(error)
        status = 422 if isinstance(error, InvalidInput) else 404
    older = None
    if page.next_cursor is not None:
        shown = {k: v for k, v in {**values, "back_dated": back_dated, "run": run}.items() if v}
        older = "/admin/audit?" + urlencode({**shown, "cursor": page.next_cursor})
    context = {
        "page": page,
        "form": form,
        "kinds": [(k.value, kind_name(k.value)) for k in SubjectKind],
        "actions": [(a.value, action_name(a.value)) for a in Action],
        "kind_name": kind_name,
        "action_name": action_name,
        "older": older,
    }
    return render(request, "admin/audit.html", context, actor, status_code=status)

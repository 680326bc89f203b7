"""Admin pages (/admin/...): the policies in force with their case results and lint findings.

Price lists and users appear here once their services exist (issue #4, #6).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from warrantor.api.deps import RuntimeDep
from warrantor.domain.actors import Role
from warrantor.services.policy_review import review_policies
from warrantor.web.access import PageActorDep, require
from warrantor.web.rendering import page_router, render

router = page_router()


@router.get("/admin/policies", response_class=HTMLResponse)
def policies(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """Each policy version: its cases (passed or what differed) and its lint findings."""
    require(actor, Role.ADMIN)
    reviews = review_policies(runtime.book, actor)
    return render(request, "admin/policies.html", {"reviews": reviews}, actor)

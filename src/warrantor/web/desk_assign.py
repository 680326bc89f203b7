"""The desk's assignment step on one RMA (issue #23, item 4): assign it to an agent or
technician by e-mail, or leave the field empty to put it back in its centre's
unassigned queue. The rules (a lead assigns anyone; staff take one for
themselves) are ``services.rma.assignment``'s; a refusal shows on the panel.

``/desk/workload``: each person's open RMAs and each centre's unassigned ones, counted
exactly (``services.rma.assignment.workload``, as ``GET /api/v1/rmas/workload`` and
``warrantor rma workload``), linked from the queues."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse
from pydantic import Field

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.services.rma.assignment import assign_rma, workload
from warrantor.web.access import PageActorDep, require
from warrantor.web.desk_actions import rma_step
from warrantor.web.desk_panel import DESK
from warrantor.web.form_models import FormModel
from warrantor.web.rendering import page_router, render

router = page_router()


class AssignForm(FormModel):
    assignee: str = Field("", title="Assign to")
    """An agent's or technician's e-mail; empty: the unassigned queue."""
    reason: str = Field("", title="Reason")


@rma_step(router, "/desk/rmas/{ref}/assign", AssignForm)
def assign(form: AssignForm, runtime: Runtime, actor: Actor, ref: str) -> str:
    """Assign, reassign or unassign the RMA; on its timeline and in the audit."""
    rma = assign_rma(
        runtime.uow_factory,
        actor,
        ref,
        form.assignee.strip() or None,
        form.reason,
        runtime.clock.now(),
    )
    if rma.assignee is None:
        return "The RMA is back in its service centre's unassigned queue."
    return f"The RMA is assigned to {rma.assignee}."


@router.get("/desk/workload", response_class=HTMLResponse)
def workload_page(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """Each person's open RMAs (by name) and each centre's unassigned ones, exact."""
    require(actor, *DESK)
    loads = workload(reads_for(request, runtime), actor)
    context = {
        "people": [load for load in loads if load.user_id is not None],
        "queues": [load for load in loads if load.user_id is None],
        "me": actor.user_id,
    }
    return render(request, "desk/workload.html", context, actor)

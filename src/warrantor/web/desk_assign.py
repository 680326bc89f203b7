"""The desk's assignment step on one RMA (issue #23, item 4): assign it to an agent or
technician by e-mail, or leave the field empty to put it back in its centre's
unassigned queue. The rules (a lead assigns anyone; staff take one for
themselves) are ``services.rma.assignment``'s; a refusal shows on the panel."""

from __future__ import annotations

from pydantic import Field

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.services.rma.assignment import assign_rma
from warrantor.web.desk_actions import rma_step
from warrantor.web.form_models import FormModel
from warrantor.web.rendering import page_router

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

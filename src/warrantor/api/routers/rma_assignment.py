"""``/api/v1/rmas/{ref}/assign`` and ``/api/v1/rmas/workload``: who works on an RMA
(issue #23, item 4). The rules are ``services.rma.assignment``'s; "my queue" is
``GET /api/v1/rmas?mine=true``."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import Request
from pydantic import BaseModel, Field

from warrantor.api.responses import errors
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.rma.assignment import assign_rma, workload
from warrantor.views.rmas import RmaOut, rma_out

router = guarded_router(tags=["rmas"])


class AssignIn(BaseModel):
    assignee: str | None = Field(
        description="The agent's or technician's e-mail; null: back to the unassigned queue"
    )
    reason: str = ""


class LoadOut(BaseModel):
    """Open RMAs of one person, or of one service centre's unassigned queue."""

    user_id: int | None = Field(description="null: the unassigned queue of service_point")
    name: str
    service_point: str | None
    rmas: int


@router.get("/rmas/workload", responses=errors(401, 403))
def get_workload(request: Request, runtime: RuntimeDep, actor: ActorDep) -> list[LoadOut]:
    """Each person's open RMAs and each centre's unassigned ones, counted exactly (staff)."""
    loads = workload(reads_for(request, runtime), actor)
    return [LoadOut(**asdict(load)) for load in loads]


@router.post("/rmas/{ref}/assign", responses=errors(401, 403, 404, 409, 422))
def post_assign(ref: str, body: AssignIn, runtime: RuntimeDep, actor: ActorDep) -> RmaOut:
    """Assign the RMA to an agent or technician (a lead: anyone; staff: themselves), or
    back to its centre's unassigned queue; on the timeline and in the audit."""
    rma = assign_rma(
        runtime.uow_factory, actor, ref, body.assignee, body.reason, runtime.clock.now()
    )
    return rma_out(rma)

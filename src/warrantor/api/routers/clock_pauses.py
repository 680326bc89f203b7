"""The paused clock (issue #23, item 5): which waits on the customer pause which clock at a
service centre (``/api/v1/service-centres/{brand}/{centre}/clock-pauses``: staff read it, an admin
sets it), and the desk recording that what it waited for came
(``POST /api/v1/rmas/{ref}/waits/{wait}/end``). The rules are
``services.rma.clock_pauses``'s; an RMA's pauses are in ``GET /api/v1/rmas/{ref}``."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from warrantor.api.responses import errors
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.request_guard import guarded_router
from warrantor.services.rma.clock_pauses import (
    PauseSettings,
    end_wait,
    pause_settings,
    set_pause_settings,
)
from warrantor.views.rmas import PauseOut

router = guarded_router(tags=["rmas"])


class ClockPausesOut(BaseModel):
    """Which clocks (``number``, ``repair``) each wait (``quote``, ``documents``,
    ``certificate``) pauses at the centre; a wait never set pauses the repair clock."""

    brand: str
    centre: str
    clocks: dict[str, list[str]]


class ClockPausesIn(BaseModel):
    clocks: dict[str, list[str]] = Field(
        description="For each wait to set, the clocks it pauses ([]: none); others unchanged",
        examples=[{"quote": ["repair"], "documents": ["number", "repair"], "certificate": []}],
    )


class WaitEndedOut(BaseModel):
    ended_at: datetime
    pauses: list[PauseOut]


def _out(found: PauseSettings) -> ClockPausesOut:
    clocks = {wait: list(paused) for wait, paused in found.clocks.items()}
    return ClockPausesOut(brand=found.brand, centre=found.centre, clocks=clocks)


CLOCK_PAUSES = "/service-centres/{brand}/{centre}/clock-pauses"


@router.get(CLOCK_PAUSES, responses=errors(401, 403, 404))
def get_clock_pauses(
    brand: str, centre: str, runtime: RuntimeDep, actor: ActorDep
) -> ClockPausesOut:
    """Which waits on the customer pause which clock at the service centre (staff)."""
    return _out(pause_settings(runtime.uow_factory, runtime.book, actor, brand, centre))


@router.put(CLOCK_PAUSES, responses=errors(401, 403, 404, 422))
def put_clock_pauses(
    brand: str, centre: str, body: ClockPausesIn, runtime: RuntimeDep, actor: ActorDep
) -> ClockPausesOut:
    """Set which clocks the waits named pause at the centre (admins); applies to waits
    begun from now on."""
    now = runtime.clock.now()
    found = set_pause_settings(
        runtime.uow_factory, runtime.book, actor, brand, centre, body.clocks, now
    )
    return _out(found)


@router.post("/rmas/{ref}/waits/{wait}/end", responses=errors(401, 403, 404, 409, 422))
def post_wait_end(ref: str, wait: str, runtime: RuntimeDep, actor: ActorDep) -> WaitEndedOut:
    """What the desk waited on the customer for came (``documents``, ``certificate``,
    ``quote``): the clocks it paused run again, their due dates moved by the paused
    business days (staff). 409 when the RMA is not waiting for it."""
    now = runtime.clock.now()
    ended = end_wait(runtime.uow_factory, runtime.book, actor, ref, wait, now)
    return WaitEndedOut(ended_at=now, pauses=[PauseOut.model_validate(p) for p in ended])

"""``/api/v1/service-centres``: each service centre's own settings (issue #25, item 4).

The days a centre holds a unit that arrived without an RMA number before it may be
disposed of (0 when never set: the policy's "at will"). Staff read them; an admin sets
one (audited on the centre).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from warrantor.api.responses import errors
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.request_guard import guarded_router
from warrantor.services.rma.holding import (
    MAX_HOLDING_DAYS,
    HoldingPeriod,
    holding_periods,
    set_holding_period,
)
from warrantor.views.records import FromRecord, record_fields

router = guarded_router(tags=["rmas"])


class HoldingPeriodOut(FromRecord):
    __annotations__ = record_fields(HoldingPeriod)


class HoldingPeriodIn(BaseModel):
    days: int = Field(
        ge=0,
        le=MAX_HOLDING_DAYS,
        description="Calendar days from the day a parcel without an RMA number was received "
        "until its unit may be disposed of (0: at once, where the policy allows it)",
    )


@router.get("/service-centres", responses=errors(401, 403))
def get_service_centres(runtime: RuntimeDep, actor: ActorDep) -> list[HoldingPeriodOut]:
    """Every service centre of the policies in force, with its holding period (staff)."""
    periods = holding_periods(runtime.uow_factory, runtime.book, actor)
    return [HoldingPeriodOut.model_validate(p) for p in periods]


@router.put(
    "/service-centres/{brand}/{centre}/holding-period", responses=errors(401, 403, 404, 422)
)
def put_holding_period(
    brand: str, centre: str, body: HoldingPeriodIn, runtime: RuntimeDep, actor: ActorDep
) -> HoldingPeriodOut:
    """Set the days the centre holds an unauthorized return before it may be disposed of
    (admins)."""
    period = set_holding_period(
        runtime.uow_factory, runtime.book, actor, brand, centre, body.days, runtime.clock.now()
    )
    return HoldingPeriodOut.model_validate(period)

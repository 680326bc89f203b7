"""An RMA's SLA clocks from its policy's promises (issue #5, item 3).

The RMA number is due N business days after the documents are validated;
the repair N working days after the unit is received; both counted in the
service centre's calendar (``policy.service_terms``). A policy that makes no
such promise (Netac's text makes none), or an RMA handled by a point of
purchase rather than one of the maker's centres, gets no due date, and the
reason is returned so screens can say why.
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.rma import RmaDue
from warrantor.errors import NotFound
from warrantor.policy.model import Policy
from warrantor.policy.rma_desk import ServiceCentre
from warrantor.policy.service_terms import SlaDue, repair_due, rma_number_due
from warrantor.services.rma.timeline_reasons import AT_POINT_OF_PURCHASE, NOT_THIS_REPAIR


def _rma_due(due: SlaDue) -> RmaDue:
    return RmaDue(
        due_on=due.due_on,
        due_at=due.due_at,
        provisional=due.provisional,
        clause_ids=due.clause_ids,
    )


def number_due(
    policy: Policy, centre: ServiceCentre | None, validated_at: datetime
) -> tuple[RmaDue | None, str]:
    """When the RMA number is due, or ``None`` and why there is no promise."""
    if centre is None:
        return None, AT_POINT_OF_PURCHASE
    try:
        return _rma_due(rma_number_due(policy, centre, validated_at)), ""
    except NotFound as error:
        return None, error.message


def repair_due_after(
    policy: Policy, centre: ServiceCentre | None, received_at: datetime
) -> tuple[RmaDue | None, str]:
    """When a warranty repair is due, or ``None`` and why there is no promise.

    The clock starts as for a warranty repair; the workshop clears it when the
    decision makes it a paid repair the promise does not cover.
    """
    if centre is None:
        return None, AT_POINT_OF_PURCHASE
    try:
        due = repair_due(policy, centre, received_at)
    except NotFound as error:
        return None, error.message
    if due is None:
        return None, NOT_THIS_REPAIR
    return _rma_due(due), ""

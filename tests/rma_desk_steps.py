"""Desk steps the tests take on the way to a later state (issue 19, item 5).

Where the brand's policy makes technical support the first contact (QNAP's
``service_channel``), an RMA's documents are validated only after
troubleshooting. Tests that only need an RMA with validated documents go
through :func:`validate_after_first_contact`, which takes that first step
the way the desk does (troubleshooting started) and then validates, so each
test keeps its own intent without repeating the step.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import Rma
from warrantor.policy.desk_rules import first_contact
from warrantor.policy.rma_desk import policy_for
from warrantor.services.rma.documents import validate_documents
from warrantor.services.rma.events import send_event
from warrantor.services.rma.queues import show_rma
from warrantor.services.uow import UnitOfWorkFactory

TROUBLESHOOTER = Actor(Role.AGENT, "MAKER", user_id=41, name="Agnes")
"""Who starts troubleshooting when the actor validating may not (a customer testing a refusal
gets the refusal from the validation itself)."""


def start_first_contact(
    uow_factory: UnitOfWorkFactory, book: Any, rma_ref: str | int, now: datetime
) -> None:
    """Start troubleshooting on a requested RMA whose policy puts it first; else nothing."""
    rma = show_rma(uow_factory, book, Actor.operator(), rma_ref, now).rma
    if (
        rma.state == "requested"
        and first_contact(policy_for(book, rma.brand)).troubleshooting_first
    ):
        send_event(uow_factory, TROUBLESHOOTER, rma.id, "start_troubleshooting", "", now)


def validate_after_first_contact(
    uow_factory: UnitOfWorkFactory,
    book: Any,
    actor: Actor,
    rma_ref: str | int,
    now: datetime,
    **options: Any,
) -> Rma:
    """``validate_documents`` after the first contact the policy asks for (troubleshooting
    started, at ``now``), for tests about what comes after validation."""
    start_first_contact(uow_factory, book, rma_ref, now)
    return validate_documents(uow_factory, book, actor, rma_ref, now, **options)

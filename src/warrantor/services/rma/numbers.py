"""Use case: issue an RMA number and tell the customer where to ship (issue #5, item 2).

Numbers read ``<BRAND>-<YEAR>-<sequence>``, e.g. ``QNAP-2026-000123``: the
brand's sequence for the year, six digits (more once a year passes
999,999). The sequence row is incremented with ``UPDATE ... RETURNING``
inside the unit of work, so agents issuing at the same moment on
PostgreSQL queue on that row and never share a number. The year is the
service centre's local year (UTC for a point of purchase).

The customer's message (where to ship, who pays that leg) is written to the
outbox in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import centre_named, policy_for
from warrantor.services.rma.access import visible_rma
from warrantor.services.rma.instructions import ShippingInstructions, shipping_instructions
from warrantor.services.rma.notices import notify_customer
from warrantor.services.rma.timeline_reasons import NUMBER_ISSUED
from warrantor.services.rma.transitions import apply_event
from warrantor.services.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class IssuedNumber:
    rma: Rma
    instructions: ShippingInstructions


def number_prefix(brand: str) -> str:
    """The brand as it starts an RMA number: upper case letters and digits (``QNAP``, ``NETAC``)."""
    return "".join(ch for ch in brand.upper() if ch.isascii() and ch.isalnum()) or "RMA"


def format_number(brand: str, year: int, sequence: int) -> str:
    return f"{number_prefix(brand)}-{year}-{sequence:06d}"


def issue_number(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    now: datetime,
    note: str = "",
) -> IssuedNumber:
    """Give the RMA its number, move it to ``awaiting_unit`` and mail the instructions."""
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        policy = policy_for(book, rma.brand)
        centre = centre_named(policy, rma.service_point)
        zone = ZoneInfo(centre.timezone) if centre else UTC
        year = now.astimezone(zone).year
        apply_event(uow, rma.id, "issue_number", actor, note.strip() or NUMBER_ISSUED, now)
        prefix = number_prefix(rma.brand)
        number = format_number(rma.brand, year, uow.rmas.next_sequence(prefix, year))
        uow.rmas.record_number(rma.id, number, now)
        issued = uow.rmas.get(rma.id)
        assert issued is not None
        instructions = shipping_instructions(uow, book, issued)
        details = {
            "ship_to": instructions.ship_to,
            "shipping_paid_by": instructions.paid_by_words,
            "instructions": instructions.text(),
        }
        notify_customer(uow, issued, "number_issued", details, now)
        return IssuedNumber(rma=issued, instructions=instructions)

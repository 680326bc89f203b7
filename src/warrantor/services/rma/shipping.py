"""Use case: ship the unit back to the customer (issue #5, item 5).

The technician records the carrier and tracking number; who pays comes from
the policy when the unit was handled under warranty (QNAP: the maker pays
the return leg, citing its delivery-cost clause). For a unit returned after
a paid repair or a declined quote, or under a policy that says nothing about
return shipping, the technician says who pays. The customer is told in the
same unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma, next_state
from warrantor.domain.rma_parcels import Payer, Shipment
from warrantor.errors import InvalidInput, Problem, Said
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import centre_named, outbound_payer, payer_words, policy_for
from warrantor.services.installed_base.coverage_projection import refresh_serials
from warrantor.services.rma.access import visible_rma
from warrantor.services.rma.notices import notify_customer
from warrantor.services.rma.repair import on_shipped
from warrantor.services.rma.timeline_reasons import SHIPPED
from warrantor.services.rma.transitions import apply_event
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory

PAYERS: tuple[Payer, ...] = ("maker", "customer")


@dataclass(frozen=True, slots=True)
class Shipped:
    rma: Rma
    shipment: Shipment


def handled_under_warranty(uow: UnitOfWork, rma: Rma) -> bool:
    """The workshop decided the claim is covered (its ``decide_covered`` is on the timeline)."""
    return any(step.event == "decide_covered" for step in uow.rmas.timeline(rma.id))


def ship(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    carrier: str,
    tracking: str,
    now: datetime,
    paid_by: str | None = None,
    coverage_until: str | None = None,
) -> Shipped:
    """Record the return shipment, move the RMA to ``shipped`` and tell the customer."""
    problems = [
        Problem("needed", name)
        for name, value in (("carrier", carrier), ("tracking", tracking))
        if not value.strip()
    ]
    if paid_by is not None and paid_by not in PAYERS:
        problems.append(Problem(f"one of {', '.join(PAYERS)}", "paid_by"))
    if problems:
        raise InvalidInput("the shipment is incomplete", problems)
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        next_state(rma, "ship")  # a unit not ready to ship is a conflict, whoever would pay
        payer, clauses = _payer(uow, book, rma, paid_by)
        reason = Said(SHIPPED[payer], carrier=carrier.strip(), tracking=tracking.strip())
        apply_event(uow, rma.id, "ship", actor, reason, now)
        # The repair cover's minimum counts from the day the unit ships back (QNAP:
        # three months), in the service centre's own calendar day.
        centre = centre_named(policy_for(book, rma.brand), rma.service_point)
        shipped_on = now.astimezone(ZoneInfo(centre.timezone)).date() if centre else now.date()
        covers = on_shipped(uow, rma, shipped_on, now)
        refresh_serials(uow, book, {(cover.brand, cover.serial) for cover in covers})
        if covers and not coverage_until:
            coverage_until = max(cover.ends_on for cover in covers).isoformat()
        shipment = Shipment(
            rma_id=rma.id,
            carrier=carrier.strip(),
            tracking=tracking.strip(),
            paid_by=payer,
            clause_ids=clauses,
            shipped_at=now,
            shipped_by=actor.label,
        )
        uow.rmas.add_shipment(shipment)
        uow.rmas.record_shipped(rma.id, now)
        updated = uow.rmas.get(rma.id)
        assert updated is not None and updated.number is not None
        details = {
            "carrier": shipment.carrier,
            "tracking": shipment.tracking,
            "shipping_paid_by": payer_words(payer),
        }
        if coverage_until:
            details["coverage_until"] = coverage_until
        notify_customer(uow, updated, "shipped", details, now)
        return Shipped(rma=updated, shipment=shipment)


def _payer(
    uow: UnitOfWork, book: PolicyBook, rma: Rma, given: str | None
) -> tuple[Payer, tuple[str, ...]]:
    policy = policy_for(book, rma.brand)
    rule = outbound_payer(policy)
    if rule.payer in PAYERS and handled_under_warranty(uow, rma):
        if given is not None and given != rule.payer:
            message = (
                f"the {policy.brand} policy has the {rule.payer} pay the return of a warranty "
                f"repair ({', '.join(rule.clause_ids)})"
            )
            raise InvalidInput(message, [Problem(message, "paid_by")])
        return rule.payer, rule.clause_ids
    if given is None:
        why = (
            "the unit was not repaired under warranty"
            if rule.payer
            else f"the {policy.brand} policy does not say who pays return shipping"
        )
        message = f"say who pays the return shipping ({why})"
        raise InvalidInput(message, [Problem(message, "paid_by")])
    return given, ()  # type: ignore[return-value]

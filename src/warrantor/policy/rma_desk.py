"""What a brand's policy says about the RMA desk's steps, read in one place (issue #5).

The desk asks the policy in force (the brand's latest version) which service
centre serves a country and who pays each shipping leg. Each answer carries
the clause ids it rests on, so messages and screens can cite them. Where a
policy is silent the answer says so (``None`` or no clauses) rather than
guessing. The desk's refusals (data backup, a replaced unit, a parcel
without an RMA number) are small decisions in ``rma_refusals``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from warrantor.domain.rma import Rma
from warrantor.policy.book import PolicyBook
from warrantor.policy.model import Policy
from warrantor.policy.schema_rules import ExclusionRule, ShippingRule
from warrantor.policy.schema_vocabulary import (
    ServiceCentre as ServiceCentre,
)  # the desk's services name it

WARRANTY_TERMS = ("standard", "extended")


def policy_for(book: PolicyBook, brand: str) -> Policy:
    """The brand's policy in force for service (its latest version)."""
    return book.version_for(brand, None)


def centres(policy: Policy) -> tuple[ServiceCentre, ...]:
    """The policy's service centres, in the order it lists them."""
    return tuple(policy.doc.service_centres)


def centre_named(policy: Policy, service_point: str) -> ServiceCentre | None:
    """The policy's service centre with id ``service_point``; ``None`` for a point of purchase."""
    return next((c for c in policy.doc.service_centres if c.id == service_point), None)


def centre_of(book: PolicyBook, rma: Rma) -> ServiceCentre | None:
    """The service centre handling ``rma``; ``None`` when a point of purchase handles it."""
    return centre_named(policy_for(book, rma.brand), rma.service_point)


def centre_day(centre: ServiceCentre | None, instant: datetime) -> date:
    """The calendar day ``instant`` falls on at ``centre`` (in its time zone); the UTC day
    when no centre of ours handles the RMA (a point of purchase).

    When and why: the desk's days (a claim judged, a parcel received, a number's year, a
    holding period's start) are the centre's days, not UTC's: an RMA opened at 23:30 UTC
    is opened the next morning in Shenzhen."""
    return instant.astimezone(ZoneInfo(centre.timezone)).date() if centre else instant.date()


@dataclass(frozen=True, slots=True)
class Payer:
    """Who pays a shipping leg, by the policy: ``maker``, ``customer``, or ``None`` (silent)."""

    payer: str | None
    clause_ids: tuple[str, ...] = ()


def _shipping_rule(policy: Policy) -> ShippingRule | None:
    return next(
        (
            rule
            for rule in policy.rules(ShippingRule)
            if any(term in rule.scope for term in WARRANTY_TERMS)
        ),
        None,
    )


def inbound_payer(policy: Policy) -> Payer:
    """Who pays the leg to the service centre under warranty."""
    rule = _shipping_rule(policy)
    return Payer(rule.inbound, tuple(rule.clauses)) if rule else Payer(None)


def outbound_payer(policy: Policy) -> Payer:
    """Who pays the return leg of a warranty repair."""
    rule = _shipping_rule(policy)
    return Payer(rule.outbound, tuple(rule.clauses)) if rule else Payer(None)


def transport_damage_clauses(policy: Policy) -> tuple[str, ...]:
    """Clauses excluding damage in transport to the maker (Netac's 9th exclusion), if any."""
    for rule in policy.rules(ExclusionRule):
        if "transport_damage" in rule.findings:
            return tuple(rule.clauses)
    return ()


def payer_words(payer: str | None) -> str:
    """How a message names a payer."""
    if payer == "customer":
        return "you (the customer)"
    if payer == "maker":
        return "the maker"
    return "not stated by the policy; ask the service point"

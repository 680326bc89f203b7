"""Use case: an RMA rejected in any state before shipping, with why (issue 19, item 2).

The desk rejects an RMA (an agent, with a reason), or the workshop's decision
does when the policy refuses the service itself (a counterfeit: the decision's
``service_refused``, its determining clauses the reason). A unit in hand then
goes back to its sender unrepaired (``reject_and_return``: ship, then close),
or is retained, by a setting per brand (``WARRANTOR_REJECTED_UNITS``; default:
return); nothing in hand, the RMA simply ends (``reject``). The customer is
told why in a message of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma
from warrantor.errors import Said
from warrantor.i18n.locales import N_, gettext
from warrantor.i18n.sentences import localised
from warrantor.services.access.language import account_country, mail_locale
from warrantor.services.outbox.mail import queue_rma_notice
from warrantor.services.rma.timeline_reasons import REJECTED_WITH_UNIT, refused_said
from warrantor.services.rma.transitions import apply_event
from warrantor.services.uow import UnitOfWork

Disposition = Literal["return", "retain"]

UNIT_IN_HAND = ("received", "inspecting", "repairing", "quote_pending", "ready_to_ship")
"""States in which the service holds the unit."""

UNIT_WORDS = {
    "return": N_("it is sent back to you unrepaired"),
    "retain": N_("it is retained by the service and not sent back"),
}


def disposition_for(rejected_units: Mapping[str, str] | None, brand: str) -> Disposition:
    """What the brand's setting does with a rejected unit in hand: ``return`` unless it says
    ``retain`` (brand names compared without regard to case)."""
    wanted = {name.casefold(): value for name, value in (rejected_units or {}).items()}
    return "retain" if wanted.get(brand.casefold()) == "retain" else "return"


def reject_rma(
    uow: UnitOfWork,
    rma: Rma,
    actor: Actor,
    reason: str,
    now: datetime,
    rejected_units: Mapping[str, str] | None = None,
) -> str:
    """Reject ``rma`` in ``uow`` with ``reason`` (its state is checked by the machine); the
    unit in hand is returned or retained by the brand's setting; the customer is told why.
    Returns the state the RMA is in now."""
    in_hand = rma.state in UNIT_IN_HAND
    disposition = disposition_for(rejected_units, rma.brand)
    event = "reject_and_return" if in_hand and disposition == "return" else "reject"
    unit = UNIT_WORDS[disposition] if in_hand else ""
    reason = reason if isinstance(reason, Said) else reason.strip()  # a Said as written
    why = Said(REJECTED_WITH_UNIT, reason=reason, unit=unit) if unit else reason
    state = apply_event(uow, rma.id, event, actor, why, now)
    if rma.contact_email:
        country = account_country(uow, rma.customer, rma.service_country)
        locale = mail_locale(uow, rma.contact_email, country)
        told = gettext(unit, locale) if unit else ""
        said = localised(refused_said(reason), locale)  # the workshop's refusal translated
        details = {"reasons": said} | ({"unit": told} if told else {})
        queue_rma_notice(
            uow,
            notice="rejected",
            to=rma.contact_email,
            rma_number=rma.number or f"#{rma.id}",
            brand=rma.brand,
            serial=rma.serial,
            details=details,
            now=now,
            country=country,
        )
    return state

"""Use case: the policy engine decides an inspected claim; a paid-repair quote when it says no.

The claim's ``Facts`` (``claim_facts``) hold the unit with its voiding
findings, the claim day (the day the RMA was opened: a unit whose coverage
ends while it is on its way is judged as it stood when the customer asked),
its extensions with the certificate the customer presented on the RMA
(``claim_certificates.extension_facts_for_claim``), its repair coverages, the
latest usage reading, the inspection findings, the part claimed and the
country where service is asked.

A SMART reading taken in the workshop counts for the claim day: the unit is
in the workshop's hands, so its counter is the usage the claim stands on
(the day it was read is kept in the facts used as ``reading_taken_on``).

Outcomes
    covered           -> ``decide_covered`` (repairing), the customer is told; where the
                         policy's charges rule leaves parts or labour to the customer
                         (``policy.desk_rules.charges``), ``decide_covered_charged``
                         (quote_pending) with a quote for them, answered as a paid one;
    service refused   -> ``reject`` or ``reject_and_return`` (a counterfeit: no quote), the
                         customer is told why (``rejection``);
    not covered       -> ``decide_not_covered`` (quote_pending) with the paid-repair
                         quote the technician enters (integer minor units and a
                         currency), the customer is told and accepts or declines;
    needs information -> the RMA stays inspecting; the decision shows what is missing.

Every decision is stored on the RMA with its clauses, their sentences, the
facts used and what was missing; the last one is the RMA's decision. An RMA
flagged for a person is not decided until someone clears the flag.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from warrantor.certificates.keys import KeyRing
from warrantor.domain.actors import Actor
from warrantor.domain.money import Money, minor_digits
from warrantor.domain.rma import Rma
from warrantor.domain.units import Unit
from warrantor.domain.workshop import (
    DecisionRecord,
    MissingFact,
    Quote,
    Reason,
    StoredDecision,
)
from warrantor.errors import Conflict, InvalidInput, Problem, Said
from warrantor.i18n import formats
from warrantor.i18n.decisions import summary_said
from warrantor.i18n.locales import N_, gettext
from warrantor.i18n.sentences import localised
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import Decision, Outcome
from warrantor.policy.desk_rules import Charges, charges
from warrantor.policy.facts import Facts
from warrantor.policy.rma_desk import ServiceCentre, centre_day, centre_of
from warrantor.policy.workshop_rules import coverage_until
from warrantor.services.access.language import account_country, mail_locale
from warrantor.services.certificates.claims import extension_facts_for_claim
from warrantor.services.outbox.mail import queue_rma_notice
from warrantor.services.rma.access import visible_rma
from warrantor.services.rma.clock_pauses import pause_clocks, resume_clocks
from warrantor.services.rma.notices import published_reasons
from warrantor.services.rma.presented_certificates import presented_certificate
from warrantor.services.rma.rejection import reject_rma
from warrantor.services.rma.timeline_reasons import QUOTE_ACCEPTED, QUOTE_DECLINED, SERVICE_REFUSED
from warrantor.services.rma.transitions import apply_event
from warrantor.services.rma.workshop_common import (
    require_state,
    rma_label,
    rma_unit,
    workshop_rma,
)
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class QuoteInput:
    """A paid-repair quote as the technician enters it: integer minor units and a currency."""

    amount_minor: int
    currency: str
    note: str = ""

    def money(self) -> Money:
        """The quote as ``Money``; ``InvalidInput`` naming the field that is wrong."""
        if self.amount_minor < 0:
            raise InvalidInput(
                "a quote cannot be negative",
                [Problem("must be zero or more", "quote_amount_minor")],
            )
        try:
            return Money(self.amount_minor, self.currency.strip().upper())
        except (TypeError, ValueError) as error:
            raise InvalidInput(
                f"invalid quote currency {self.currency!r}", [Problem(str(error), "quote_currency")]
            ) from None


@dataclass(frozen=True, slots=True)
class DecisionResult:
    """The stored decision, the RMA's state after it, and the quote (when not covered)."""

    decision: StoredDecision
    state: str
    quote: Quote | None = None


# --- the facts of a claim -----------------------------------------------------------------


def claim_facts(
    uow: UnitOfWork,
    keys: KeyRing,
    rma: Rma,
    centre: ServiceCentre | None,
    unit: Unit,
    unit_id: int,
    part_claimed: str | None,
) -> tuple[Facts, dict[str, str]]:
    """The facts the engine decides the claim on, and notes on how they were gathered.

    The claim is judged on the day it was opened at its service centre (``centre_day``),
    not the UTC day: near midnight the two differ, and coverage can end between them."""
    on = centre_day(centre, rma.opened_at)
    notes: dict[str, str] = {"claim_day": on.isoformat()}
    reading = uow.units.latest_reading(unit_id)
    if reading is not None and reading.read_on > on:
        notes["reading_taken_on"] = reading.read_on.isoformat()
        reading = replace(reading, read_on=on)
    presented = presented_certificate(uow, rma)
    if presented is not None:
        notes["certificate_presented"] = presented.number
    permissions = uow.workshop.permissions_for_claim(unit_id, rma.id)
    if permissions:
        notes["written_permissions"] = "; ".join(
            f"{p.finding}: {p.permitted} (by {p.granted_by}, {p.granted_on.isoformat()})"
            for p in permissions
        )
    facts = Facts(
        unit=unit,
        on=on,
        extensions=extension_facts_for_claim(uow, keys, unit.brand, unit.serial, presented),
        repair_coverages=uow.workshop.repair_coverages_for(unit.brand, unit.serial),
        reading=reading,
        is_claim=True,
        findings=tuple(f.finding for f in uow.workshop.findings(rma.id)),
        part_claimed=part_claimed.strip() if part_claimed else None,
        service_country=rma.service_country or None,
        written_permissions=tuple(dict.fromkeys(p.finding for p in permissions)),
    )
    return facts, notes


# --- deciding -----------------------------------------------------------------------------


def decide(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    keys: KeyRing,
    actor: Actor,
    rma_ref: str | int,
    now: datetime,
    *,
    part_claimed: str | None = None,
    quote: QuoteInput | None = None,
    rejected_units: Mapping[str, str] | None = None,
) -> DecisionResult:
    """Ask the policy engine about the claim, store the decision, and move the RMA.

    A claim that is not covered needs the paid-repair quote in the same call
    (``InvalidInput`` naming ``quote_amount_minor`` otherwise, with the
    decision's summary, and nothing stored). A claim on which the policy refuses the
    service itself (``Decision.service_refused``: a counterfeit) gets no quote: the RMA is
    rejected with the determining clauses as its reason, its unit returned or retained by
    the brand's setting (``rejection.reject_rma``, ``rejected_units``).
    """
    money = quote.money() if quote is not None else None
    with uow_factory() as uow:
        rma = workshop_rma(uow, actor, rma_ref)
        require_state(rma, ("inspecting",), N_("decide the claim"))
        if rma.needs_attention:
            raise Conflict(
                f"RMA {rma_label(rma)} is flagged for a person ({rma.attention_reason}); "
                "clear the flag before deciding"
            )
        unit, unit_id = rma_unit(uow, rma)
        facts, notes = claim_facts(
            uow, keys, rma, centre_of(book, rma), unit, unit_id, part_claimed
        )
        decision = book.evaluate(facts)
        decision.require_valid_facts()  # a part or finding the policy doesn't know: nothing stored
        refused = decision.service_refused
        covered = decision.outcome is Outcome.COVERED
        charged = charges(book.judging(unit), covered)
        quoted = not refused and decision.outcome is not Outcome.NEEDS_INFORMATION
        if quoted and charged.quote and money is None:
            raise InvalidInput(*_quote_needed(decision, charged))
        used = {**decision.facts_used, **notes}
        stored = uow.workshop.add_decision(
            rma.id, decision_record(decision, used, coverage_until(decision)), actor.label, now
        )
        state, stored_quote = rma.state, None
        if refused:
            state = reject_rma(uow, rma, actor, refusal_reason(decision), now, rejected_units)
            return DecisionResult(decision=stored, state=state)
        if quoted and charged.quote:
            assert money is not None and quote is not None
            uow.workshop.add_quote(
                rma.id, money.minor, money.currency, quote.note.strip(), actor.label, now
            )
            event = "decide_covered_charged" if covered else "decide_not_covered"
            why = f"{decision.summary} Paid repair quoted: {money}.{_free_text(charged)}"
            state = apply_event(uow, rma.id, event, actor, why, now)
            stored_quote = uow.workshop.quotes(rma.id)[-1]
            pause_clocks(uow, rma, "quote", actor, now)  # waiting on the customer's answer
        elif covered:
            why = f"{decision.summary}{_free_text(charged)}"
            state = apply_event(uow, rma.id, "decide_covered", actor, why, now)
        if quoted:
            line_name = dict(book.product_lines(rma.brand)).get(unit.product_line or "", "")
            _tell_customer(uow, rma, decision, money, now, charged, line_name)
        elif any(m.fact == CERTIFICATE for m in decision.missing):
            pause_clocks(uow, rma, "certificate", actor, now)  # asked of the customer
        return DecisionResult(decision=stored, state=state, quote=stored_quote)


def _quote_needed(decision: Decision, charged: Charges) -> tuple[str, list[Problem]]:
    """Why a quote must be entered: the claim is not covered, or it is but the policy's
    charges rule leaves parts or labour to the customer (citing that rule's clauses)."""
    if decision.outcome is not Outcome.COVERED:
        why, what = f"not covered: {decision.summary}", "a paid-repair quote"
        return f"{why} Enter {what}.", [Problem(f"a claim not covered needs {what}", QUOTE)]
    names = " and ".join(charged.charged)
    why = f"covered, but the policy charges the customer for {names}"
    cited = f"{why} ({', '.join(charged.clause_ids)}). Enter the quote for it."
    return cited, [Problem(f"a quote for the {names} is needed", QUOTE)]


def _free_text(charged: Charges) -> str:
    """What the policy's charges rule leaves free, for the timeline (empty: nothing named)."""
    free = ", ".join(n.replace("_", " ") for n in charged.free)
    return f" Free of charge: {free}." if free else ""


FREE_WORDS = {
    "parts": N_("parts"),
    "labour": N_("labour"),
    "remote_troubleshooting": N_("remote troubleshooting"),
}
"""What a charges rule may leave free, in words (the mail is told in the customer's language)."""

QUOTE = "quote_amount_minor"
"""The field a missing quote is named by."""

CERTIFICATE = "extension_certificate"
"""The fact the engine asks for when a claim rests on an extension whose certificate
was not presented: the customer is waited on for it (``clock_pauses``)."""


def refusal_reason(decision: Decision) -> Said:
    """Why the service is refused, in the words of the clauses that decided it (quoted as
    published; the summary a page translates: ``timeline_reasons.SERVICE_REFUSED``)."""
    clauses = "\n".join(
        f"{c.clause_id}: {c.text}"
        for c in decision.citations
        if c.clause_id in decision.determining
    )
    return Said(SERVICE_REFUSED, summary=decision.summary, clauses=clauses)


def _tell_customer(
    uow: UnitOfWork,
    rma: Rma,
    decision: Decision,
    money: Money | None,
    now: datetime,
    charged: Charges,
    line_name: str,
) -> None:
    if not rma.contact_email:
        return
    country = account_country(uow, rma.customer, rma.service_country)
    locale = mail_locale(uow, rma.contact_email, country)
    if decision.outcome is Outcome.COVERED and money is not None:
        verdict = gettext("covered, with charges the policy leaves to you", locale)
        next_step = gettext(
            "Accept or decline the quote; declined, the unit is returned unrepaired.", locale
        )
    elif decision.outcome is Outcome.COVERED:
        verdict = gettext("covered: repair under warranty", locale)
        next_step = gettext("We repair or replace the unit.", locale)
    else:
        verdict = gettext("not covered", locale)
        next_step = gettext(
            "Accept or decline the paid repair; declined, the unit is returned unrepaired.",
            locale,
        )
    if charged.free:  # what the policy's charges rule leaves free (issue 19)
        words = (gettext(FREE_WORDS.get(name, name), locale) for name in charged.free)
        free = formats.listing(words, locale)
        next_step += " " + gettext("Free of charge: {free}.", locale).format(free=free)
    # The clauses that decided it, in the policy's own words (issue #24): the supporting
    # ones and the clause ids stay on the desk's page; a table's row is named, not quoted.
    quoted = published_reasons(decision.citations, decision.determining, line_name, locale)
    summary = localised(summary_said(decision.summary), locale)
    reasons = "\n".join([summary, *(f"- {text}" for text in quoted)])
    details = {"decision": verdict, "reasons": reasons, "next_step": next_step}
    if money is not None:
        details["quote"] = formats.money(
            money.minor, money.currency, minor_digits(money.currency), locale
        )
    queue_rma_notice(
        uow,
        notice="decided",
        to=rma.contact_email,
        rma_number=rma_label(rma),
        brand=rma.brand,
        serial=rma.serial,
        details=details,
        now=now,
        country=country,
    )


# --- the customer's answer to a quote -----------------------------------------------------


def answer_quote(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    accept: bool,
    now: datetime,
) -> DecisionResult:
    """The customer (or who opened the RMA, or the desk for them) accepts or declines the quote.

    Accepted: the paid repair starts (``accept_quote``). Declined: the unit is
    returned unrepaired (``decline_quote``). Either way the wait on the customer ends: the
    clocks it paused run again, their due dates moved by the paused business days.
    """
    event = "accept_quote" if accept else "decline_quote"
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        require_state(rma, ("quote_pending",), N_("answer a quote"))
        quote = uow.workshop.quotes(rma.id)[-1] if uow.workshop.quotes(rma.id) else None
        decision = uow.workshop.decisions(rma.id)
        if quote is None or not decision:
            raise Conflict(Said(N_("RMA %(rma)s has no quote to answer"), rma=rma_label(rma)))
        answer = "accepted" if accept else "declined"
        answered = QUOTE_ACCEPTED if accept else QUOTE_DECLINED
        why = Said(answered, price=Money(quote.amount_minor, quote.currency))
        resume_clocks(uow, book, rma, "quote", actor, now)
        state = apply_event(uow, rma.id, event, actor, why, now)
        uow.workshop.answer_quote(quote.id, answer, actor.label, now)
        return DecisionResult(
            decision=decision[-1], state=state, quote=uow.workshop.quotes(rma.id)[-1]
        )


def decision_record(
    decision: Decision, facts_used: dict[str, str], covered_until: date | None
) -> DecisionRecord:
    """The engine's answer as the RMA stores it: outcome, clauses with their sentences,
    the facts used and what was missing."""
    applies = decision.applies
    return DecisionRecord(
        outcome=decision.outcome.value,
        summary=decision.summary,
        policy_id=decision.policy_id,
        policy_version=decision.policy_version,
        decided_on=decision.on,
        applies_kind=applies.kind.value if applies else None,
        applies_until=applies.ends_on if applies else None,
        coverage_until=covered_until,
        clause_ids=tuple(decision.clause_ids),
        reasons=tuple(
            Reason(c.clause_id, c.text, _role(decision, c.clause_id)) for c in decision.citations
        ),
        facts_used=facts_used,
        missing=tuple(MissingFact(m.fact, m.why, m.clause_id) for m in decision.missing),
    )


def _role(decision: Decision, clause_id: str) -> str:
    return "determining" if clause_id in decision.determining else "supporting"

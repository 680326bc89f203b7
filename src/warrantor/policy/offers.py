"""May an extension of N years be sold for this unit today? The sales-side question.

Pure: the extended-warranty sales work calls ``extension_offer`` with the unit,
the day and the buyer, and gets an ``OfferDecision`` that cites the clause of
every refusal (outside the window, not a direct customer, outside the valid
countries, over the maximum, not offered for the line, already at maximum).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from warrantor.domain.coverage import Extension
from warrantor.domain.terms import extension_span, term_end, window_last_day
from warrantor.domain.units import Unit
from warrantor.errors import N_, Said, said_together
from warrantor.policy import missing_words as words
from warrantor.policy.decision import Citation, CoverageKind, CoverageTerm, Missing
from warrantor.policy.evaluator_terms import (
    coverage_start,
    extension_offers,
    maximum_years,
    standard_years,
)
from warrantor.policy.model import Policy
from warrantor.policy.schema_rules import (
    EligibleBuyersRule,
    MaximumTermRule,
    PurchaseWindowRule,
    ServiceCountriesRule,
)


class OfferOutcome(StrEnum):
    ALLOWED = "allowed"
    REFUSED = "refused"
    NEEDS_INFORMATION = "needs_information"


class Refusal(StrEnum):
    """Why an extension may not be sold."""

    UNKNOWN_MODEL = "unknown_model"
    NOT_OFFERED = "not_offered"
    AT_MAXIMUM = "at_maximum"
    NOT_A_STEP = "not_a_step"
    OVER_MAXIMUM = "over_maximum"
    OUTSIDE_WINDOW = "outside_window"
    NOT_DIRECT_CUSTOMER = "not_direct_customer"
    OUTSIDE_COUNTRIES = "outside_countries"


@dataclass(frozen=True, slots=True)
class OfferDecision:
    """Whether ``years`` more may be sold, why not, and the cover it would buy."""

    outcome: OfferOutcome
    years: int
    summary: str
    refusals: tuple[Refusal, ...] = ()
    citations: tuple[Citation, ...] = ()
    missing: tuple[Missing, ...] = ()
    last_day_to_buy: date | None = None
    term: CoverageTerm | None = None
    """The extended term it would buy (``None`` while the start date is unknown)."""

    @property
    def allowed(self) -> bool:
        return self.outcome is OfferOutcome.ALLOWED

    @property
    def clause_ids(self) -> tuple[str, ...]:
        return tuple(c.clause_id for c in self.citations)


def extension_offer(
    policy: Policy,
    unit: Unit,
    on: date,
    years: int,
    buyer_is_direct: bool,
    buyer_country: str | None,
    existing: tuple[Extension, ...] = (),
) -> OfferDecision:
    """Say whether an extension of ``years`` may be sold on ``on``, citing every refusal."""
    refused: list[tuple[Refusal, str, list[str]]] = []
    missing: list[Missing] = []
    line = policy.line_of(unit.model)
    if line is None:
        not_ours = N_("%(model)s is not a %(brand)s model this policy covers.")
        summary = Said(not_ours, model=unit.model, brand=policy.brand)
        return OfferDecision(OfferOutcome.REFUSED, years, summary, (Refusal.UNKNOWN_MODEL,))
    match = policy.catalogue_match(unit.model)
    base = standard_years(line, match if match and match.entry.line == line.id else None) or 0
    offers = extension_offers(policy, line.id)
    limit = maximum_years(policy)
    limit_clauses = [c for r in policy.rules(MaximumTermRule) for c in r.clauses]
    held = base + sum(e.years for e in existing)

    # What may be sold: the line's offer, its steps, the maximum.
    if not offers:
        none = Said(N_("no extension is offered for the %(line)s"), line=line.name)
        refused.append((Refusal.NOT_OFFERED, none, line.clauses))
    elif limit is not None and held >= limit:
        text: str = Said(N_("the unit already carries the maximum of %(limit)s years"), limit=limit)
        refused.append((Refusal.AT_MAXIMUM, text, limit_clauses))
    elif limit is not None and held + years > limit:
        over = N_("%(years)s more years would exceed the maximum of %(limit)s years")
        text = Said(over, years=years, limit=limit)
        refused.append((Refusal.OVER_MAXIMUM, text, limit_clauses))
    elif not any(years in offer.years for offer in offers):
        steps = sorted({y for offer in offers for y in offer.years})
        text = Said(N_("extensions for the %(line)s come in %(steps)s years"), line=line.name,
                    steps=tuple(steps))  # fmt: skip
        refused.append((Refusal.NOT_A_STEP, text, [c for offer in offers for c in offer.clauses]))

    # When: the purchase window, day 0 = the first invoice.
    last_day: date | None = None
    for window in policy.rules(PurchaseWindowRule):
        if unit.first_invoiced_on is None:
            missing.append(Missing("first_invoiced_on", words.WINDOW_OPENS, window.clauses[0]))
            continue
        last_day = window_last_day(unit.first_invoiced_on, window.days)
        if not unit.first_invoiced_on <= on <= last_day:
            text = Said(
                N_(
                    "an extension may be bought from %(first)s to %(last)s only (%(days)s days "
                    "from the first invoice)"
                ),
                first=unit.first_invoiced_on,
                last=last_day,
                days=window.days,
            )
            refused.append((Refusal.OUTSIDE_WINDOW, text, window.clauses))

    # Who and where.
    for buyers in policy.rules(EligibleBuyersRule):
        if "anyone" not in buyers.buyers and not buyer_is_direct:
            text = N_("extensions can only be bought by the maker's direct customers")
            refused.append((Refusal.NOT_DIRECT_CUSTOMER, text, buyers.clauses))
    for valid in policy.rules(ServiceCountriesRule):
        if "extended" not in valid.scope:
            continue
        if buyer_country is None:
            missing.append(Missing("buyer_country", words.BUYER_COUNTRY, valid.clauses[0]))
        elif buyer_country not in valid.countries:
            only = N_("the extension is valid only in %(where)s, not %(country)s")
            text = Said(only, where=", ".join(valid.countries), country=buyer_country)
            refused.append((Refusal.OUTSIDE_COUNTRIES, text, valid.clauses))

    term = _term(policy, unit, base, existing, years, limit) if not refused else None
    if refused:
        outcome = OfferOutcome.REFUSED
        reasons = said_together([r[1] for r in refused])
        summary = Said(N_("This extension cannot be sold: %(reasons)s."), reasons=reasons)
        clause_ids = [c for r in refused for c in r[2]]
    elif missing:
        outcome = OfferOutcome.NEEDS_INFORMATION
        asked = said_together([m.why for m in missing])
        summary = Said(N_("We need more information: %(asked)s."), asked=asked)
        clause_ids = [m.clause_id for m in missing if m.clause_id]
    else:
        outcome = OfferOutcome.ALLOWED
        summary = _may_be_sold(years, term.ends_on if term else None)
        clause_ids = [c for offer in offers for c in offer.clauses]
    return OfferDecision(
        outcome=outcome,
        years=years,
        summary=summary,
        refusals=tuple(r[0] for r in refused),
        citations=tuple(policy.citation(c) for c in dict.fromkeys(clause_ids)),
        missing=tuple(missing),
        last_day_to_buy=last_day,
        term=term,
    )


def _term(
    policy: Policy,
    unit: Unit,
    base: int,
    existing: tuple[Extension, ...],
    years: int,
    limit: int | None,
) -> CoverageTerm | None:
    """The dates the extension would cover: after the term before it, up to the maximum."""
    start = coverage_start(policy, unit).day
    if start is None or base < 1:
        return None
    held = base + sum(e.years for e in existing)
    previous_end = term_end(start, min(held, limit) if limit else held)
    span = extension_span(start, previous_end, held + years, limit)
    if span is None:
        return None
    return CoverageTerm(CoverageKind.EXTENDED, span[0], span[1])


def _may_be_sold(years: int, until: date | None) -> Said:
    """The allowed offer in words (one year or several; the day it covers until, if known)."""
    if until is None:
        if years == 1:
            return Said(N_("An extension of 1 year may be sold."))
        return Said(N_("An extension of %(years)s years may be sold."), years=years)
    if years == 1:
        return Said(
            N_("An extension of 1 year may be sold, covering until %(until)s."), until=until
        )
    covering = N_("An extension of %(years)s years may be sold, covering until %(until)s.")
    return Said(covering, years=years, until=until)

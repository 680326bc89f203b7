"""The dates an extension being granted covers: a pure function over the policy's terms.

DESIGN.md: an extension starts the day after the term before it ends and ends
N years after the original start day D, never past the maximum. The
arithmetic is the policy engine's (``coverage_start``, ``standard_years``,
``maximum_years`` from ``policy.evaluator_terms``; ``term_end`` and
``extension_span`` from ``domain.terms``); this module only chooses D.

D is the start day the policy recognises (QNAP: the purchase date on a proof
of purchase). A unit still in a distributor's stock has none yet; its
extension is then counted from the first invoice day, the earliest day its
term can start, and says so (``dates_from``). The check always recounts the
terms from the unit's real start, so a later proof of purchase moves the
dates it shows, never the years bought.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from warrantor.domain.coverage import Extension
from warrantor.domain.terms import extension_span, term_end
from warrantor.domain.units import Unit
from warrantor.policy.evaluator_terms import (
    coverage_start,
    extension_offers,
    maximum_years,
    standard_years,
)
from warrantor.policy.model import Policy
from warrantor.policy.schema_rules import MaximumTermRule, PurchaseWindowRule

FROM_PURCHASE = "purchase_date"
FROM_FIRST_INVOICE = "first_invoice_date"


@dataclass(frozen=True, slots=True)
class ExtensionDates:
    starts_on: date
    ends_on: date
    dates_from: str


def extension_dates(
    policy: Policy, unit: Unit, existing: tuple[Extension, ...], years: int
) -> ExtensionDates | None:
    """First and last day of +``years`` after ``existing``; ``None`` when nothing is left
    to add (at the maximum), or the unit has neither a start nor a first invoice."""
    line = policy.line_of(unit.model)
    if line is None:
        return None
    match = policy.catalogue_match(unit.model)
    base = standard_years(line, match if match and match.entry.line == line.id else None)
    if not base:
        return None
    start = coverage_start(policy, unit).day
    dates_from = FROM_PURCHASE
    if start is None:
        start, dates_from = unit.first_invoiced_on, FROM_FIRST_INVOICE
    if start is None:
        return None
    limit = maximum_years(policy)
    held = base + sum(e.years for e in existing)
    previous_end = term_end(start, min(held, limit) if limit else held)
    span = extension_span(start, previous_end, held + years, limit)
    if span is None:
        return None
    return ExtensionDates(span[0], span[1], dates_from)


def maximum_term_clauses(policy: Policy) -> tuple[str, ...]:
    """The clauses that set the most years a unit may be covered in all."""
    return tuple(c for rule in policy.rules(MaximumTermRule) for c in rule.clauses)


def purchase_window_days(policy: Policy) -> int | None:
    """Days after the first invoice an extension may be bought (day 0 = the invoice day);
    ``None`` when the policy sets no window."""
    window = policy.rule(PurchaseWindowRule)
    return window.days if window else None


def extension_steps(policy: Policy, line_id: str) -> list[int]:
    """The periods (years) an extension of the line is sold in, smallest first."""
    return sorted({y for offer in extension_offers(policy, line_id) for y in offer.years})

"""The answer to opening an RMA (API, CLI): the RMA, and when its unit is not covered today,
that it is not, in the plain answer's words, and the paid repair it can still have
(issue #25, item 4). The customer's pages say the same in ``_rma.html``'s notice."""

from __future__ import annotations

from pydantic import BaseModel, Field

from warrantor.i18n.locales import N_
from warrantor.services.rma.opening import OpeningCoverage
from warrantor.views.coverage import coverage_answer
from warrantor.views.coverage_plain import plain_answer
from warrantor.views.names import Names
from warrantor.views.rmas import RmaOut

PAID_REPAIR = N_(
    "You can still ask for a repair. It is paid: after the unit is inspected you get a quote, "
    "and nothing is done until you accept it; if you decline, the unit is sent back."
)
NOT_CONFIRMED = N_("Add what is missing (%(missing)s), or go ahead: without it the repair is paid.")


class NotCoveredOut(BaseModel):
    """Said at once when an RMA is opened for a unit its claim finds not covered today."""

    outcome: str = Field(description="not_covered, or needs_information")
    coverage: str = Field(description="The plain answer's sentence for today")
    paid_repair: str = Field(description="What happens instead: a paid repair, quoted first")
    missing: list[str] = Field(description="What would confirm coverage (needs_information)")
    determining: list[str] = Field(description="The clause ids that decided")


class OpenedOut(RmaOut):
    """The RMA just opened; ``not_covered`` when its unit is not covered today (else null)."""

    not_covered: NotCoveredOut | None = None


def not_covered_out(found: OpeningCoverage | None, names: Names) -> NotCoveredOut | None:
    """The warning and the paid-repair offer for an RMA whose claim is not covered today."""
    if found is None:
        return None
    answer = coverage_answer(found.unit, found.decision)
    if answer.covered:
        return None
    plain = plain_answer(answer, names.line_name(answer.brand, answer.product_line))
    missing = [m.why for m in answer.missing]
    needs = answer.outcome.value == "needs_information"
    offer = NOT_CONFIRMED % {"missing": "; ".join(missing)} if needs else PAID_REPAIR
    return NotCoveredOut(
        outcome=answer.outcome.value,
        coverage=plain.headline,
        paid_repair=offer,
        missing=missing,
        determining=list(answer.determining),
    )

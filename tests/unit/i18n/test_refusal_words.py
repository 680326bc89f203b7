"""The refusal to open an RMA on a unit replaced already is a sentence with values (issue
#26, item 1): the API keeps the English; the RMA form says it in the reader's language, the
day written their way."""

from __future__ import annotations

from datetime import date

from warrantor.errors import Said
from warrantor.i18n.sentences import localised
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import policy_for
from warrantor.policy.rma_refusals import ReplacedBy, opening_on_replaced_unit


def test_a_replaced_units_refusal_is_english_for_the_api_and_german_on_a_page(
    policy_book: PolicyBook,
) -> None:
    qnap = policy_for(policy_book, "QNAP")
    refused = opening_on_replaced_unit(qnap, "Q1", ReplacedBy("Q2", date(2026, 11, 23)))
    assert not refused.allowed and isinstance(refused.summary, Said)
    cited = ", ".join(refused.determining)
    assert cited and str(refused.summary) == (
        f"the QNAP unit Q1 was replaced by Q2 on 2026-11-23 ({cited}); open the RMA on Q2"
    )
    assert localised(refused.summary, "de") == (
        f"das QNAP-Gerät Q1 wurde am 23. November 2026 durch Q2 ersetzt ({cited}); "
        "eröffnen Sie die RMA für Q2"
    )
    assert localised(refused.summary, "zh_Hans").startswith(
        "QNAP 设备 Q1 已于 2026年11月23日 更换为 Q2"
    )

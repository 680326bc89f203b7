"""A customer's decision mail quotes the deciding clauses as published, each once, and names
a table's row instead of its run-together cells (issue #25, item 1), in the mail's language."""

from __future__ import annotations

from warrantor.policy.decision import Citation
from warrantor.services.rma.notices import published_reasons

ROW = "TS-x51 NAS Series TS-x53 NAS Series 2 Year Included 1 Additional Year / Max 3 Year"
EXPIRED = "The term of the applicable warranty period has expired."
CITED = (
    Citation("qnap.table.2-year", ROW),
    Citation("qnap.void.expired", EXPIRED),
    Citation("qnap.void.expired-again", EXPIRED),  # the same sentence under another id
    Citation("qnap.kb348", "A supporting sentence."),
)
DECIDING = ("qnap.table.2-year", "qnap.void.expired", "qnap.void.expired-again")


def test_a_table_row_is_named_and_each_sentence_is_quoted_once() -> None:
    said = published_reasons(CITED, DECIDING, "TS-x53 NAS Series", "en")

    assert said == ["The published warranty table's row for TS-x53 NAS Series", EXPIRED]


def test_a_row_of_a_table_with_a_heading_names_the_table_in_the_mails_language() -> None:
    cited = (Citation("netac.period-table", "Warranty Period"),)

    assert published_reasons(cited, ["netac.period-table"], "Netac SATA SSD", "de") == [
        "Die veröffentlichte Tabelle „Warranty Period“, ihre Zeile für Netac SATA SSD"
    ]
    assert published_reasons(CITED[:1], DECIDING, "", "zh_Hans") == [
        "已公布的保修表格中 该产品 所在的行"
    ]

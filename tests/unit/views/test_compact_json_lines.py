"""CompactJsonLines (the API's) and CompactCliLines (the CLI's) write the same text as
json.dumps of their lines' dicts, line for line, though they encode each shared answer
once: the unit's own fields never leak between lines."""

from __future__ import annotations

import json
from datetime import date

from warrantor.errors import NotFound
from warrantor.policy.decision import CoverageKind, Outcome, UsageStatus
from warrantor.policy.projection import ProjectedAnswer, ProjectedTerm
from warrantor.services.installed_base.batch_check import CompactAnswer, CompactResult
from warrantor.services.installed_base.check import BatchItem
from warrantor.views.coverage_compact import (
    CompactCliLines,
    CompactJsonLines,
    cli_line,
    compact_line,
)

TERM = ProjectedTerm(CoverageKind.STANDARD, date(2024, 5, 2), date(2026, 5, 1))
COVERED = ProjectedAnswer(
    on=date(2025, 1, 1),
    outcome=Outcome.COVERED,
    applies=TERM,
    terms=(TERM,),
    usage=UsageStatus(600 * 10**12, 700 * 10**12, True),
    voided=False,
    determining=("qnap.table.2-year", "qnap.kb348"),
    policy_id="qnap",
    policy_version="2024.1",
)
NOT_COVERED = ProjectedAnswer(
    on=date(2025, 1, 1),
    outcome=Outcome.NOT_COVERED,
    applies=None,
    terms=(),
    usage=None,
    voided=True,
    determining=("netac.void",),
    policy_id="netac",
    policy_version="1",
)


def expected(line: CompactAnswer, error: dict[str, object] | None = None) -> str:
    return json.dumps(compact_line(line, error), separators=(",", ":"))


def lines_of_a_batch() -> list[CompactAnswer]:
    return [
        CompactAnswer(
            BatchItem(0, "QS0001"),
            CompactResult("QNAP", "QS0001", COVERED, "projection", "current"),
        ),
        CompactAnswer(  # the same answer object for another unit: its own serial and brand
            BatchItem(1, ' "Q\\S2 ', "qnap"),
            CompactResult("QNAP", 'Q"S\\2', COVERED, "projection", "current"),
        ),
        CompactAnswer(
            BatchItem(2, "NTé3", "Netac"),
            CompactResult("Netac", "NTé3", NOT_COVERED, "evaluation", "behind"),
        ),
        CompactAnswer(
            BatchItem(3, "QS0001", "QNAP"),
            CompactResult("QNAP", "QS0001", COVERED, "evaluation", "missing"),
        ),
    ]


def test_each_line_is_the_text_json_dumps_writes() -> None:
    lines = lines_of_a_batch()
    writer = CompactJsonLines()

    written = [writer.line(line) for line in lines]

    assert written == [expected(line) for line in lines]
    assert json.loads(written[1])["answer"]["serial"] == 'Q"S\\2'
    assert json.loads(written[3])["answer"]["answered_from"] == "evaluation"


def test_an_error_line_carries_its_error_and_no_answer() -> None:
    line = CompactAnswer(BatchItem(7, "NOSUCH"), error=NotFound("no unit with serial NOSUCH"))
    error: dict[str, object] = {"type": "not_found", "message": "no unit with serial NOSUCH"}

    written = CompactJsonLines().line(line, error)

    assert written == expected(line, error)
    assert json.loads(written)["answer"] is None


def test_each_cli_line_is_the_text_json_dumps_writes_with_its_default_separators() -> None:
    lines = [
        *lines_of_a_batch(),
        CompactAnswer(BatchItem(9, "NOSUCH"), error=NotFound("no unit with serial NOSUCH")),
    ]
    writer = CompactCliLines()

    written = [writer.line(line) for line in lines]

    assert written == [json.dumps(cli_line(line)) for line in lines]
    assert json.loads(written[1])["answer"]["serial"] == 'Q"S\\2'
    assert json.loads(written[1])["row"] == 1
    assert json.loads(written[-1]) == {
        "row": 9,
        "serial": "NOSUCH",
        "error": "no unit with serial NOSUCH",
    }

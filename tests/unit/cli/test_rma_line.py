"""The CLI's one-line RMA names what a paused clock waits for (issue #25, item 2)."""

from __future__ import annotations

from rma_records import AT, an_rma
from warrantor.cli.rma_text import rma_line


def test_a_paused_rma_says_what_it_waits_for_in_words() -> None:
    line = rma_line(an_rma("received", paused_since=AT, paused_for="documents"))
    assert "PAUSED since 2026-11-23" in line
    assert "(waiting for documents asked of the customer)" in line
    quote = rma_line(an_rma("received", paused_since=AT, paused_for="quote"))
    assert "(waiting for the customer's answer to a paid-repair quote)" in quote


def test_a_running_clock_says_nothing_of_a_pause() -> None:
    assert "PAUSED" not in rma_line(an_rma("received"))

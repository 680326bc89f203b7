"""Source texts as the clause checks read them: whitespace and bullets don't count.

A clause quotes its source verbatim; only runs of whitespace (including
non-breaking spaces) and bullet characters may differ.
"""

from __future__ import annotations

import re

_BULLETS = "•●▪◦·"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(*])")


def normalize(text: str) -> str:
    """One space for any run of whitespace; bullet characters removed."""
    for bullet in _BULLETS:
        text = text.replace(bullet, " ")
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    """The sentences of a source, line by line: table rows and headings count as sentences."""
    found: list[str] = []
    for line in text.splitlines():
        line = normalize(line)
        if line:
            found += [s for s in _SENTENCE_END.split(line) if s]
    return found


CLAUSE_END = (".", ":", ";", "!", "?", ".”", '."')
"""How a clause that is a sentence ends (a table's row doesn't)."""

WARRANTY_TABLE = "table"
"""``table_key`` of a row of the warranty table (a table with no short heading)."""


def is_table_row(text: str) -> bool:
    """A clause text that is cells of a table, not a sentence: markdown pipes, or words
    that end without a sentence's punctuation ("... 2 Year Included 1 Additional Year").
    Pages and mails name such a row instead of quoting its run-together cells."""
    stripped = text.strip()
    return "|" in stripped or not stripped.endswith(CLAUSE_END)


def table_key(text: str) -> str:
    """Rows of one table are one reason: a table named by a short heading ("Warranty
    Period") by it, any other row as the warranty table (``WARRANTY_TABLE``)."""
    stripped = text.strip()
    if "|" not in stripped and len(stripped) <= 40:
        return stripped
    return WARRANTY_TABLE

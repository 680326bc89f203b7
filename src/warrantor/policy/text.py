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

"""Searching in tiers, surest first (issue #23, item 2): the desk's RMA search, the
admin's search of users and accounts, a customer's search of their units.

A search is given as three readers, each answering (id, what matched) pairs best
first and leaving out the ids already found: ``exact`` (a number, serial or code
as typed), ``prefix`` (the start of a name, address or serial), ``fuzzy`` (names
like the text: ``store.text_search``). ``tiers`` asks them in that order until
``limit`` rows are found, so an exact match always comes before a prefix one,
and a prefix one before a fuzzy one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from warrantor.errors import InvalidInput, Problem

Tier = Literal["exact", "prefix", "fuzzy"]

SEARCH_MOST = 100
"""The most hits a search answers (``limit``)."""

Reader = Callable[[str, int, set[int]], list[tuple[int, str]]]
"""``(text, how_many, found) -> [(id, what matched), ...]``, best first, none in ``found``."""


def search_text(wanted: str, most: int, limit: int) -> str:
    """``wanted`` with its spaces collapsed; ``InvalidInput`` naming ``q`` when empty and
    ``limit`` when not 1 to ``most``."""
    text = " ".join(wanted.split())
    if not text:
        raise InvalidInput("type something to search for", [Problem("is empty", "q")])
    if not 1 <= limit <= most:
        problem = Problem(f"must be 1 to {most}", "limit")
        raise InvalidInput(f"limit must be 1 to {most}", [problem])
    return text


def tiers(
    text: str, limit: int, exact: Reader, prefix: Reader, fuzzy: Reader
) -> list[tuple[Tier, int, str]]:
    """At most ``limit`` (tier, id, what matched): every exact hit, then prefix ones, then
    fuzzy ones, each id once."""
    found: set[int] = set()
    hits: list[tuple[Tier, int, str]] = []
    readers: tuple[tuple[Tier, Reader], ...] = (
        ("exact", exact),
        ("prefix", prefix),
        ("fuzzy", fuzzy),
    )
    for tier, read in readers:
        if len(found) >= limit:
            break
        for row_id, matched in read(text, limit - len(found), set(found)):
            if row_id not in found and len(found) < limit:
                found.add(row_id)
                hits.append((tier, row_id, matched))
    return hits

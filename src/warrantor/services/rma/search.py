"""Use case: the desk's one search box (issue #23, item 2).

What a caller quotes is looked up in three tiers, exact matches first: an RMA
number, a serial, a proof-of-purchase reference, a tracking number; then the
start of the contact's e-mail address or of a word of their name; then names
and addresses like it (a typo). Each hit says its tier and what matched
(``store.rma_search`` holds the queries and names their indexes). Staff only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma
from warrantor.errors import InvalidInput, PermissionDenied, Problem
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.rma_search import RmaSearch

Tier = Literal["exact", "prefix", "fuzzy"]

SEARCH_MOST = 100


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One RMA found, how surely (``tier``) and by what (``matched``)."""

    tier: Tier
    matched: str
    """number, serial, proof_of_purchase, tracking, contact_email, contact_name or contact."""
    rma: Rma


def search_rmas(
    uow_factory: UnitOfWorkFactory, actor: Actor, wanted: str, limit: int = 20
) -> list[SearchHit]:
    """At most ``limit`` RMAs matching ``wanted``: exact ones, then by prefix, then fuzzy.

    ``InvalidInput`` naming ``q`` for an empty text, ``limit`` out of 1 to 100."""
    if not actor.is_staff:
        raise PermissionDenied("the desk's search is for the maker's staff")
    text = " ".join(wanted.split())
    if not text:
        raise InvalidInput("type something to search for", [Problem("is empty", "q")])
    if not 1 <= limit <= SEARCH_MOST:
        problem = Problem(f"must be 1 to {SEARCH_MOST}", "limit")
        raise InvalidInput(f"limit must be 1 to {SEARCH_MOST}", [problem])
    with uow_factory() as uow:
        search = RmaSearch(uow.connection)
        tiers: list[tuple[Tier, list[tuple[int, str]]]] = []
        exact = search.exact(text, limit)
        found = {rma_id for rma_id, _ in exact}
        tiers.append(("exact", exact))
        prefix = search.prefix(text, limit - len(found), found) if len(found) < limit else []
        found |= {rma_id for rma_id, _ in prefix}
        tiers.append(("prefix", prefix))
        fuzzy = search.fuzzy(text, limit - len(found), found) if len(found) < limit else []
        tiers.append(("fuzzy", fuzzy))
        hits = []
        for tier, ids in tiers:
            for rma_id, matched in ids:
                rma = uow.rmas.get(rma_id)
                if rma is not None:
                    hits.append(SearchHit(tier, matched, rma))
    return hits

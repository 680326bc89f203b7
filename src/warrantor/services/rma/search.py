"""Use case: the desk's one search box (issue #23, item 2).

What a caller quotes is looked up in three tiers, exact matches first: an RMA
number, a serial, a proof-of-purchase reference, a tracking number; then the
start of the contact's e-mail address or of a word of their name; then names
and addresses like it (a typo). Each hit says its tier and what matched
(``store.rma_search`` holds the queries and names their indexes). Staff only.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma
from warrantor.errors import PermissionDenied
from warrantor.services.text_search import SEARCH_MOST, Tier, search_text, tiers
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.rma_search import RmaSearch


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
    text = search_text(wanted, SEARCH_MOST, limit)
    with uow_factory() as uow:
        search = RmaSearch(uow.connection)
        hits = []
        found = tiers(
            text,
            limit,
            lambda t, most, _found: search.exact(t, most),
            search.prefix,
            search.fuzzy,
        )
        for tier, rma_id, matched in found:
            rma = uow.rmas.get(rma_id)
            if rma is not None:
                hits.append(SearchHit(tier, matched, rma))
    return hits

"""Use case: searching the units one may see (issue #23, item 2): a customer their own, a
distributor or dealer those first invoiced to it, staff every unit (the rules of
``services.installed_base.units``). Exact serial first, then the start of a serial
or of a word of the model's name, then models like the text (``store.unit_search``)."""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.domain.actors import Actor, Role
from warrantor.domain.units import Unit
from warrantor.services.text_search import SEARCH_MOST, Tier, search_text, tiers
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.unit_scope import Relation
from warrantor.store.unit_search import UnitSearch


@dataclass(frozen=True, slots=True)
class UnitHit:
    """One unit found, how surely (``tier``) and by what (``matched``: serial or model)."""

    tier: Tier
    matched: str
    unit: Unit


def search_visible_units(
    uow_factory: UnitOfWorkFactory, actor: Actor, wanted: str, limit: int = 20
) -> list[UnitHit]:
    """At most ``limit`` of the units ``actor`` may see matching ``wanted``, exact serials
    first; someone else's unit never. ``InvalidInput`` naming ``q`` for an empty text,
    ``limit`` out of 1 to 100."""
    text = search_text(wanted, SEARCH_MOST, limit)
    if not actor.is_staff and actor.account_code is None:
        return []
    with uow_factory() as uow:
        if actor.is_staff:
            search = UnitSearch(uow.connection, None, None)
        else:
            relation: Relation = "owner" if actor.role is Role.CUSTOMER else "first_invoiced_to"
            search = UnitSearch(uow.connection, actor.account_code, relation)
        found = tiers(text, limit, search.exact, search.prefix, search.fuzzy)
        shown = search.units([unit_id for _, unit_id, _ in found])
    return [UnitHit(tier, matched, shown[i]) for tier, i, matched in found if i in shown]

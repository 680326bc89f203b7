"""Use case: an RMA's or a unit's attachments a page at a time (issue #23, item 1).

``files.rma_attachments`` and ``files.unit_attachments`` read them whole (the pages show
them beside the RMA or the unit); the API pages them like every list, oldest first by id,
after a cursor, not counted: an RMA's are those sent with it and about its unit, a
unit's those about it. Who may see them is decided as for the whole list.
"""

from __future__ import annotations

from warrantor.domain.actors import Actor
from warrantor.services.installed_base.units import show_visible_unit
from warrantor.services.paging import Page, check_limit, decode_cursor, page_of
from warrantor.services.rma.access import visible_rma
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.attachments import Attachment


def page_rma_attachments(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    rma_ref: str | int,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[Attachment]:
    """One page of what was sent with the RMA and about its unit, oldest first;
    ``NotFound`` if the actor may not see the RMA, a bad cursor names ``cursor``."""
    check_limit(limit)
    after = _after("rma_attachments", cursor)
    with uow_factory(read_only=True) as uow:
        rma = visible_rma(uow, actor, rma_ref)
        found = uow.attachments.page_of(rma.id, rma.unit_id, after, limit + 1)
    return page_of(found, limit, "rma_attachments", lambda a: (a.id,))


def page_unit_attachments(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    brand: str,
    serial: str,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[Attachment]:
    """One page of what was sent about a unit the actor may see, oldest first."""
    check_limit(limit)
    after = _after("unit_attachments", cursor)
    unit = show_visible_unit(uow_factory, actor, serial, brand)
    with uow_factory(read_only=True) as uow:
        unit_id = uow.units.id_of(unit.brand, unit.serial)
        found = [] if unit_id is None else uow.attachments.page_of(None, unit_id, after, limit + 1)
    return page_of(found, limit, "unit_attachments", lambda a: (a.id,))


def _after(list_name: str, cursor: str | None) -> int | None:
    key = decode_cursor(list_name, cursor, (int,))
    return key[0] if key and isinstance(key[0], int) else None

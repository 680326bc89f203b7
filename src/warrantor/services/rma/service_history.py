"""Use case: a unit's service history, one query away (issue #5, item 9).

Every RMA of the unit, and of the units it replaced or that replaced it
(followed both ways, so a unit replaced twice shows all three serials), each
with its decisions, quotes, parts, replacements and repair covers.

Who sees what: staff see everything; anyone else sees the RMAs they may see
(``rma_access``) on a unit they own, were first invoiced or have an RMA on.
A unit that is none of theirs is ``NotFound``, as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma
from warrantor.domain.units import Unit
from warrantor.domain.workshop import Replacement, StoredRepairCoverage, WorkshopRecord
from warrantor.errors import NotFound
from warrantor.services.installed_base.units import find_unit
from warrantor.services.rma.access import visibility_filter
from warrantor.services.sentences import no_unit
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.rmas import RmaFilter

MAX_RMAS_PER_UNIT = 1000


@dataclass(frozen=True, slots=True)
class RmaHistory:
    """One RMA of the unit (or of a unit in its replacement chain) and what the workshop did."""

    rma: Rma
    record: WorkshopRecord


@dataclass(frozen=True, slots=True)
class ServiceHistory:
    """The unit asked about, the serials of its replacement chain (oldest first), and its RMAs."""

    unit: Unit
    serials: tuple[str, ...]
    rmas: tuple[RmaHistory, ...]
    replacements: tuple[Replacement, ...]
    repair_coverages: tuple[StoredRepairCoverage, ...]


def service_history(
    uow_factory: UnitOfWorkFactory, actor: Actor, brand: str | None, serial: str
) -> ServiceHistory:
    """The service history of ``serial`` (of ``brand``, needed when the serial is ambiguous)."""
    with uow_factory() as uow:
        unit = find_unit(uow, serial, brand)
        unit_id = uow.units.id_of(unit.brand, unit.serial)
        assert unit_id is not None
        chain = _chain(uow, unit_id)
        refs = [ref for ref in (uow.workshop.unit_ref(i) for i in chain) if ref is not None]
        rmas: list[Rma] = []
        for ref_brand, ref_serial in refs:
            filters = RmaFilter(brand=ref_brand, serial=ref_serial, limit=MAX_RMAS_PER_UNIT)
            rmas.extend(uow.rmas.list(visibility_filter(actor, filters)))
        if not actor.is_staff and not rmas and not _theirs(actor, unit):
            raise NotFound(no_unit(unit.serial, unit.brand))
        rmas.sort(key=lambda r: (r.opened_at, r.id))
        shown = {r.id for r in rmas}
        covers = tuple(c for r in rmas for c in uow.workshop.repair_coverages_of_rma(r.id))
        return ServiceHistory(
            unit=unit,
            serials=tuple(s for _, s in refs),
            rmas=tuple(RmaHistory(r, uow.workshop.record(r.id)) for r in rmas),
            replacements=tuple(
                r
                for r in uow.workshop.replacements_touching(chain)
                if actor.is_staff or r.rma_id in shown
            ),
            repair_coverages=covers,
        )


def _theirs(actor: Actor, unit: Unit) -> bool:
    code = actor.account_code
    return code is not None and code in (unit.owner, unit.first_invoiced_to)


def _chain(uow: UnitOfWork, unit_id: int) -> list[int]:
    """Unit ids linked to ``unit_id`` by replacements, oldest first."""
    before: list[int] = []
    current: int | None = unit_id
    seen = {unit_id}
    while current is not None:
        replaces, _ = uow.workshop.replacement_links(current)
        if replaces is None or replaces in seen:
            break
        before.insert(0, replaces)
        seen.add(replaces)
        current = replaces
    after: list[int] = []
    current = unit_id
    while current is not None:
        _, replaced_by = uow.workshop.replacement_links(current)
        if replaced_by is None or replaced_by in seen:
            break
        after.append(replaced_by)
        seen.add(replaced_by)
        current = replaced_by
    return [*before, unit_id, *after]

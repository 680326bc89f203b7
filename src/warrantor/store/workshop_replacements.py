"""Units replaced by other units: the chain from an original to its replacement.

A replacement links the original unit to the one that replaced it, with the
condition of the replacement and the usage it carries over (DESIGN.md: the TBW
carried to a replacement). Use it to follow a unit's chain (service history)
or to copy what a replacement inherits from the unit row. Maps
``unit_replacements`` rows to ``domain.workshop.Replacement``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, select

from warrantor.domain.workshop import Replacement
from warrantor.store.repository import Repository
from warrantor.store.tables import brands, models, units
from warrantor.store.tables_workshop import unit_replacements

_original = units.alias("original")
_replacement = units.alias("replacement")
_original_model = models.alias("original_model")
_replacement_model = models.alias("replacement_model")


class ReplacementRecords(Repository):
    """Replacements, and the unit rows they link."""

    def add_replacement(
        self,
        rma_id: int,
        original_unit_id: int,
        replacement_unit_id: int,
        condition: str,
        carried_bytes_written: int | None,
        original_part_owner: str | None,
        note: str,
        by: str,
        now: datetime,
    ) -> None:
        self._connection.execute(
            unit_replacements.insert().values(
                rma_id=rma_id,
                original_unit_id=original_unit_id,
                replacement_unit_id=replacement_unit_id,
                condition=condition,
                carried_bytes_written=carried_bytes_written,
                original_part_owner=original_part_owner,
                note=note,
                replaced_at=now,
                replaced_by=by,
            )
        )

    def replacements_for_rma(self, rma_id: int) -> tuple[Replacement, ...]:
        return self._replacements(unit_replacements.c.rma_id == rma_id)

    def replacements_touching(self, unit_ids: list[int]) -> tuple[Replacement, ...]:
        """Replacements where one of ``unit_ids`` is the original or the replacement."""
        if not unit_ids:
            return ()
        return self._replacements(
            unit_replacements.c.original_unit_id.in_(unit_ids)
            | unit_replacements.c.replacement_unit_id.in_(unit_ids)
        )

    def replacement_links(self, unit_id: int) -> tuple[int | None, int | None]:
        """``(replaces, replaced_by)``: the unit ids this unit replaced and was replaced by."""
        replaces = self._connection.scalar(
            select(unit_replacements.c.original_unit_id).where(
                unit_replacements.c.replacement_unit_id == unit_id
            )
        )
        replaced_by = self._connection.scalar(
            select(unit_replacements.c.replacement_unit_id).where(
                unit_replacements.c.original_unit_id == unit_id
            )
        )
        return replaces, replaced_by

    def carried_bytes_written(self, unit_id: int) -> int:
        """Usage a replacement drive starts with (the drive it replaced had written it)."""
        carried = self._connection.scalar(
            select(unit_replacements.c.carried_bytes_written).where(
                unit_replacements.c.replacement_unit_id == unit_id
            )
        )
        return int(carried or 0)

    def _replacements(self, where: Any) -> tuple[Replacement, ...]:
        rows = self._connection.execute(
            select(
                unit_replacements,
                brands.c.name.label("brand"),
                _original.c.serial.label("original_serial"),
                _original_model.c.name.label("original_model"),
                _replacement.c.serial.label("replacement_serial"),
                _replacement_model.c.name.label("replacement_model"),
            )
            .join(_original, _original.c.id == unit_replacements.c.original_unit_id)
            .join(_replacement, _replacement.c.id == unit_replacements.c.replacement_unit_id)
            .join(brands, brands.c.id == _original.c.brand_id)
            .join(_original_model, _original_model.c.id == _original.c.model_id)
            .join(_replacement_model, _replacement_model.c.id == _replacement.c.model_id)
            .where(where)
            .order_by(unit_replacements.c.replaced_at, unit_replacements.c.id)
        )
        return tuple(
            Replacement(
                rma_id=row.rma_id,
                brand=row.brand,
                original_serial=row.original_serial,
                original_model=row.original_model,
                replacement_serial=row.replacement_serial,
                replacement_model=row.replacement_model,
                condition=row.condition,
                carried_bytes_written=row.carried_bytes_written,
                original_part_owner=row.original_part_owner,
                note=row.note,
                replaced_at=row.replaced_at,
                replaced_by=row.replaced_by,
            )
            for row in rows
        )

    def unit_row(self, unit_id: int) -> Row[Any] | None:
        """The stored ``units`` row (ids included), to copy what a replacement inherits."""
        return self._connection.execute(select(units).where(units.c.id == unit_id)).first()

    def unit_ref(self, unit_id: int) -> tuple[str, str] | None:
        """``(brand, serial)`` of a unit id."""
        row = self._connection.execute(
            select(brands.c.name, units.c.serial)
            .join(brands, brands.c.id == units.c.brand_id)
            .where(units.c.id == unit_id)
        ).first()
        return (row.name, row.serial) if row else None

"""Brands, product lines and models: the catalogue units are placed in.

Brands and product lines come from the loaded policies (see
``services.installed_base.catalogue.sync_policy_catalogue``); models are added as units
arrive, placed in a product line by the brand's policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import aliased

from warrantor.store.keyset import keyset_page
from warrantor.store.tables import brands, model_assignments, models, product_lines
from warrantor.store.upsert import insert_for


@dataclass(frozen=True, slots=True)
class Brand:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class ModelAssignment:
    """One version of an admin's assignment of a model no policy places to a product line."""

    brand: str
    model: str
    version: int
    product_line: str
    assigned_at: datetime
    assigned_by: str


class CatalogueRepository:
    """Reads and upserts catalogue rows on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def ensure_brand(self, name: str) -> int:
        """The id of brand ``name``, adding the brand if it is new."""
        stmt = insert_for(self._connection, brands).values(name=name)
        self._connection.execute(stmt.on_conflict_do_nothing(index_elements=["name"]))
        brand_id: int | None = self._connection.scalar(
            select(brands.c.id).where(brands.c.name == name)
        )
        assert brand_id is not None
        return brand_id

    def brand_named(self, name: str) -> Brand | None:
        """The brand whose name is ``name`` in any letter case (people type ``qnap``)."""
        row = self._connection.execute(
            select(brands.c.id, brands.c.name).where(func.lower(brands.c.name) == name.lower())
        ).first()
        return Brand(row.id, row.name) if row else None

    def all_brands(self) -> list[Brand]:
        rows = self._connection.execute(select(brands.c.id, brands.c.name).order_by(brands.c.name))
        return [Brand(row.id, row.name) for row in rows]

    def ensure_product_line(self, brand_id: int, code: str, name: str | None = None) -> int:
        """The id of the brand's product line ``code``; adds it, or renames it to ``name``."""
        stmt = insert_for(self._connection, product_lines).values(
            brand_id=brand_id, code=code, name=name or code
        )
        if name is None:
            upsert = stmt.on_conflict_do_nothing(index_elements=["brand_id", "code"])
        else:
            upsert = stmt.on_conflict_do_update(
                index_elements=["brand_id", "code"], set_={"name": stmt.excluded.name}
            )
        self._connection.execute(upsert)
        line_id: int | None = self._connection.scalar(
            select(product_lines.c.id).where(
                product_lines.c.brand_id == brand_id, product_lines.c.code == code
            )
        )
        assert line_id is not None
        return line_id

    def product_line_codes(self, brand_id: int) -> list[str]:
        rows = self._connection.scalars(
            select(product_lines.c.code)
            .where(product_lines.c.brand_id == brand_id)
            .order_by(product_lines.c.code)
        )
        return list(rows)

    def ensure_model(self, brand_id: int, name: str, product_line_id: int) -> int:
        """The id of the brand's model ``name``, placed (or moved) in ``product_line_id``."""
        stmt = insert_for(self._connection, models).values(
            brand_id=brand_id, name=name, product_line_id=product_line_id
        )
        self._connection.execute(
            stmt.on_conflict_do_update(
                index_elements=["brand_id", "name"],
                set_={"product_line_id": stmt.excluded.product_line_id},
            )
        )
        model_id: int | None = self._connection.scalar(
            select(models.c.id).where(models.c.brand_id == brand_id, models.c.name == name)
        )
        assert model_id is not None
        return model_id

    def model_line(self, brand_id: int, name: str) -> str | None:
        """The code of the product line the brand's model ``name`` is in, if it is stored."""
        return self._connection.scalar(
            select(product_lines.c.code)
            .join(models, models.c.product_line_id == product_lines.c.id)
            .where(models.c.brand_id == brand_id, models.c.name == name)
        )

    def brand_ids(self) -> dict[str, Brand]:
        """Every brand, keyed by its name in lower case (for case-insensitive matching)."""
        return {brand.name.lower(): brand for brand in self.all_brands()}

    def model_names(self) -> dict[int, str]:
        """Model names by id (the catalogue is small next to the installed base)."""
        rows = self._connection.execute(select(models.c.id, models.c.name))
        return {row.id: row.name for row in rows}

    # --- models assigned by an admin (issue 19) ---------------------------------------

    def assigned_line(self, brand_id: int, model: str) -> str | None:
        """The product line an admin assigned the brand's ``model`` to (its latest version)."""
        found = self.assignment_history(brand_id, model)
        return found[-1].product_line if found else None

    def assignment_history(self, brand_id: int, model: str) -> list[ModelAssignment]:
        """Every version of one model's assignment, oldest first."""
        return self._assignments(
            (model_assignments.c.brand_id == brand_id, model_assignments.c.model == model)
        )

    def current_assignments(
        self,
        brand_id: int | None = None,
        limit: int | None = None,
        after: Sequence[Any] | None = None,
    ) -> list[ModelAssignment]:
        """Each assigned model's latest version (of one brand, or all), by brand and model:
        all of them, or ``limit`` after the key ``after`` (brand name, model; keyset: the
        next page). One model per row, so the list grows with the catalogue's models no
        policy places; a newer version is looked up on ``(brand_id, model, version)``'s
        unique index."""
        newer = aliased(model_assignments)
        superseded = (
            select(newer.c.id)
            .where(
                newer.c.brand_id == model_assignments.c.brand_id,
                newer.c.model == model_assignments.c.model,
                newer.c.version > model_assignments.c.version,
            )
            .exists()
        )
        conditions: tuple[Any, ...] = (~superseded,)
        if brand_id is not None:
            conditions += (model_assignments.c.brand_id == brand_id,)
        return self._assignments(conditions, limit, after)

    def add_assignment(
        self, brand_id: int, model: str, product_line: str, at: datetime, by: str
    ) -> ModelAssignment:
        """A new version of ``model``'s assignment (the next number); rows are never changed."""
        last = self._connection.scalar(
            select(func.max(model_assignments.c.version)).where(
                model_assignments.c.brand_id == brand_id, model_assignments.c.model == model
            )
        )
        self._connection.execute(
            model_assignments.insert().values(
                brand_id=brand_id,
                model=model,
                version=(last or 0) + 1,
                product_line=product_line,
                assigned_at=at,
                assigned_by=by,
            )
        )
        return self.assignment_history(brand_id, model)[-1]

    def _assignments(
        self,
        conditions: tuple[Any, ...],
        limit: int | None = None,
        after: Sequence[Any] | None = None,
    ) -> list[ModelAssignment]:
        query = (
            select(model_assignments, brands.c.name.label("brand"))
            .join(brands, brands.c.id == model_assignments.c.brand_id)
            .where(*conditions)
        )
        if limit is None:
            key = [brands.c.name, model_assignments.c.model, model_assignments.c.version]
            query = query.order_by(*key)
        else:  # latest versions only: (brand, model) is unique among them
            query = keyset_page(query, [brands.c.name, model_assignments.c.model], after, limit)
        return [
            ModelAssignment(
                brand=row.brand,
                model=row.model,
                version=row.version,
                product_line=row.product_line,
                assigned_at=row.assigned_at,
                assigned_by=row.assigned_by,
            )
            for row in self._connection.execute(query)
        ]

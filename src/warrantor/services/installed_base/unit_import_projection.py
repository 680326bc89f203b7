"""The import's coverage projections, made in the same streaming pass as its row checks.

When and why: an import of a million units must leave a million projections
right in its own transaction, and a statement per row would cost more than the
import. So each batch of good rows (``StagedRow``) gets its projections here,
from the row's own facts, through the bulk cache (``ProjectionCache``: units
alike are asked about once), and ``store.unit_load`` stages them by ``COPY``
beside the rows and moves them into the table with them. A unit the import
only updates and that already holds more than its row (voiding findings,
readings, extensions, repair cover) is then recomputed from everything it
holds (``LoadOutcome.with_history``, ``refresh_projections``): few units, one
chunked read.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from warrantor.domain.units import Unit
from warrantor.policy.book import PolicyBook
from warrantor.policy.projection import ProjectionCache
from warrantor.services.installed_base.projection_codec import encode
from warrantor.services.uow import UnitOfWork
from warrantor.store.coverage_projection import placed_models
from warrantor.store.unit_staging import StagedRow
from warrantor.store.unit_staging_projection import StagedProjection

MAX_ENCODED = 20_000
"""Encodings kept for units alike (as many as the bulk cache keeps projections)."""


class ImportProjections:
    """The projections of one import's rows, made as the rows are checked.

    ``guard`` is held while reading the placed models (the import's connection
    is shared with the thread moving its rows: ``store.unit_load``)."""

    def __init__(
        self,
        uow: UnitOfWork,
        book: PolicyBook,
        brand_names: dict[int, str],
        guard: AbstractContextManager[object],
    ) -> None:
        self._uow = uow
        self._cache = ProjectionCache(book)
        self._brands = brand_names
        self._guard = guard
        self._models: dict[int, tuple[str, str]] = {}
        self._encoded: dict[Hashable, tuple[Any, ...]] = {}

    def of(self, batch: Sequence[StagedRow]) -> list[StagedProjection]:
        """The projection of each row of ``batch``, in order, as staging takes them."""
        return [self._projection(row) for row in batch]

    def _projection(self, row: StagedRow) -> StagedProjection:
        row_no, brand_id, serial, model_id, made, invoiced, _, bought, proof, country, _, _ = row
        model, line = self._model(model_id)
        unit = Unit(
            brand=self._brands[brand_id],
            serial=serial,
            model=model,
            product_line=line,
            manufactured_on=_day(made),
            first_invoiced_on=_day(invoiced),
            purchased_on=_day(bought),
            proof_of_purchase=proof,
            country_of_purchase=country,
        )
        projection, key, region = self._cache.project_row(unit)
        encoded = self._encoded.get(key)
        if encoded is None:  # units alike share all but the region: encode them once
            stored = encode(0, brand_id, projection)
            encoded = self._encoded[key] = (
                stored.policy_id,
                stored.policy_version,
                stored.start_on,
                stored.voided,
                stored.usage_limit_bytes,
                stored.reading_bytes,
                stored.reading_on,
                stored.terms,
                stored.stretches,
                stored.covered_from,
                stored.last_ends_on,
                stored.last_kind,
                stored.details,
            )
            if len(self._encoded) > MAX_ENCODED:
                self._encoded.clear()
        return (row_no, *encoded[:4], region, *encoded[4:])

    def model_name(self, model_id: int) -> str:
        """The name of a model a staged row names."""
        return self._model(model_id)[0]

    def _model(self, model_id: int) -> tuple[str, str]:
        """The model's name and product line code (models are placed as the import goes)."""
        found = self._models.get(model_id)
        if found is None:
            with self._guard:
                self._models = placed_models(self._uow.connection)
            found = self._models[model_id]
        return found


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None

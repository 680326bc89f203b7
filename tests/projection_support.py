"""Helpers for tests of the paths that keep the coverage projection right.

``stored_projection`` reads what the table holds for a unit; ``fresh_projection``
asks the engine about the unit's facts as they are now. A path keeps the
projection right when, after it, the two are equal (and the change shows).
``rolled_back`` runs a change inside a unit of work that then fails, to show
the projection is written in the change's own transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from warrantor.policy.book import PolicyBook
from warrantor.policy.projection import CoverageProjection, project
from warrantor.services.installed_base.coverage_projection import facts_of
from warrantor.services.installed_base.projection_codec import decode
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.coverage_facts import read_coverage_facts
from warrantor.store.coverage_projection import ProjectionRepository


def stored_projection(
    uow_factory: UnitOfWorkFactory, brand: str, serial: str
) -> CoverageProjection | None:
    with uow_factory() as uow:
        unit_id = uow.units.id_of(brand, serial)
        assert unit_id is not None, f"no {brand} {serial}"
        row = ProjectionRepository(uow.connection).get(unit_id)
        return decode(row) if row else None


def fresh_projection(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, brand: str, serial: str
) -> CoverageProjection:
    with uow_factory() as uow:
        unit_id = uow.units.id_of(brand, serial)
        assert unit_id is not None, f"no {brand} {serial}"
        return project(book, facts_of(read_coverage_facts(uow.connection, [unit_id])[unit_id]))


def assert_kept_right(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, brand: str, serial: str
) -> CoverageProjection:
    """The stored projection is the engine's answer for the unit's facts now; returns it."""
    stored = stored_projection(uow_factory, brand, serial)
    assert stored is not None, f"{brand} {serial} has no projection"
    assert stored == fresh_projection(uow_factory, book, brand, serial)
    return stored


class Abandoned(Exception):
    """Raised to roll a change back."""


@contextmanager
def rolled_back(uow_factory: UnitOfWorkFactory) -> Iterator[None]:
    """Run the block in a unit of work that fails at its end: everything it wrote is undone."""
    with pytest.raises(Abandoned), uow_factory():
        yield
        raise Abandoned


def kinds(projection: CoverageProjection | None) -> list[str]:
    return [] if projection is None else [str(term.kind) for term in projection.terms]


Change = Callable[[], Any]

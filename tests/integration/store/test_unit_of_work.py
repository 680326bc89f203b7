"""A unit of work commits when its block ends and rolls back when it raises."""

from __future__ import annotations

import pytest

from warrantor.services.uow import UnitOfWorkFactory


class Boom(Exception):
    pass


def test_leaving_the_block_commits(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.catalogue.ensure_brand("QNAP")

    with uow_factory() as uow:
        assert [brand.name for brand in uow.catalogue.all_brands()] == ["QNAP"]


def test_an_error_in_the_block_rolls_everything_back(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(Boom), uow_factory() as uow:
        uow.catalogue.ensure_brand("QNAP")
        raise Boom

    with uow_factory() as uow:
        assert uow.catalogue.all_brands() == []


def test_each_test_starts_from_an_empty_database(uow_factory: UnitOfWorkFactory) -> None:
    """The test above committed a brand; the per-test rollback must have undone it."""
    with uow_factory() as uow:
        assert uow.units.count() == 0
        assert uow.catalogue.all_brands() == []
        uow.catalogue.ensure_brand("QNAP")

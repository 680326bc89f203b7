"""Showing, listing and registering units: serial alone or with brand, clear errors."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from warrantor.errors import Ambiguous, InvalidInput, NotFound
from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.units import (
    Registration,
    list_units,
    register_unit,
    show_unit,
)
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.units import UnitFilter

NOW = datetime(2025, 5, 1, tzinfo=UTC)


def register(uow_factory: UnitOfWorkFactory, book: PolicyBook, **fields: object) -> bool:
    values: dict[str, object] = {"brand": "QNAP", "serial": "Q1", "model": "TS-453 Pro"}
    values.update(fields)
    _, created = register_unit(uow_factory, book, Registration(**values), NOW)  # type: ignore[arg-type]
    return created


class TestShowingAUnit:
    def test_a_serial_alone_finds_the_one_unit_that_has_it(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        register(uow_factory, policy_book, serial="Q1", purchased_on=date(2024, 1, 2))

        unit = show_unit(uow_factory, " q1 ")

        assert (unit.brand, unit.serial, unit.purchased_on) == ("QNAP", "Q1", date(2024, 1, 2))

    def test_a_serial_two_brands_hold_is_ambiguous_and_lists_them(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        register(uow_factory, policy_book, serial="X1")
        register(uow_factory, policy_book, brand="Netac", serial="X1", model="NV7000 2TB")

        with pytest.raises(Ambiguous) as raised:
            show_unit(uow_factory, "X1")

        assert raised.value.choices == ["Netac", "QNAP"]
        assert show_unit(uow_factory, "X1", brand="netac").model == "NV7000 2TB"

    def test_an_unknown_serial_is_not_found_and_named(self, uow_factory: UnitOfWorkFactory) -> None:
        with pytest.raises(NotFound, match="NOPE-1"):
            show_unit(uow_factory, "nope-1")
        with pytest.raises(NotFound, match="QNAP unit with serial NOPE-1"):
            show_unit(uow_factory, "nope-1", brand="QNAP")


class TestRegisteringAUnit:
    def test_registering_again_updates_the_same_unit(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        assert register(uow_factory, policy_book) is True
        assert register(uow_factory, policy_book, country_of_purchase="ca") is False

        assert show_unit(uow_factory, "Q1").country_of_purchase == "CA"

    def test_a_model_no_policy_places_is_refused(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        with pytest.raises(InvalidInput) as raised:
            register(uow_factory, policy_book, model="TS-999 Imaginary")

        assert [p.field for p in raised.value.problems] == ["model"]

    def test_the_first_invoice_must_go_to_a_direct_customer(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        with uow_factory() as uow:
            uow.accounts.upsert(Account("CUST-1", "Ann", "customer"), NOW)

        with pytest.raises(InvalidInput, match="not a direct customer"):
            register(uow_factory, policy_book, first_invoiced_to="CUST-1")
        with pytest.raises(InvalidInput, match="no account"):
            register(uow_factory, policy_book, owner="NOBODY")

    def test_dates_out_of_order_are_refused(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        with pytest.raises(InvalidInput) as raised:
            register(
                uow_factory,
                policy_book,
                manufactured_on=date(2024, 5, 1),
                purchased_on=date(2024, 4, 1),
            )

        assert [p.field for p in raised.value.problems] == ["purchased_on"]


def test_a_list_limit_below_one_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(InvalidInput, match="limit"):
        list_units(uow_factory, UnitFilter(limit=0))

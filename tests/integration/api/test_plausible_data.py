"""Plausible data only (issue #21, item 3), through the API: a number where a date is
expected is refused naming the field (Pydantic alone would read it as seconds since 1970),
and so is a registration dated after today in UTC+14 or in no ISO 3166-1 country."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from warrantor.domain.actors import Actor, Role
from warrantor.domain.units import latest_today
from warrantor.errors import InvalidInput
from warrantor.services.installed_base.units import Registration, register_unit
from warrantor.services.uow import UnitOfWorkFactory

ADMIN = Actor(Role.ADMIN, None, 1, "ada")
PRICE = {
    "brand": "QNAP",
    "product_line": "TS-x53",
    "years": 1,
    "amount": "79.00",
    "currency": "USD",
    "valid_from": "2026-01-01",
}


def field_of(answer: Any) -> str:
    assert answer.status_code == 422, answer.text
    fields = {p["field"] for p in answer.json()["error"]["problems"]}
    assert len(fields) == 1, fields
    return fields.pop()


@pytest.mark.parametrize("day", [86400, 0, "86400", "2026-01-01T00:00:00", 20260101])
def test_a_number_or_a_timestamp_where_a_date_belongs_in_a_body_is_refused_naming_it(
    client_as: Any, day: object
) -> None:
    answer = client_as(ADMIN).post("/api/v1/prices", json={**PRICE, "valid_from": day})

    assert field_of(answer) == "valid_from"
    assert "YYYY-MM-DD" in answer.json()["error"]["problems"][0]["message"]


def test_a_number_where_a_date_belongs_in_a_query_is_refused_naming_it(client: Any) -> None:
    answer = client.get("/api/v1/units/QNAP/Q1/coverage", params={"on": "86400"})

    assert field_of(answer) == "on"


def test_a_date_written_as_a_date_is_still_read(client_as: Any) -> None:
    answer = client_as(ADMIN).get("/api/v1/prices", params={"on": "2026-06-01"})

    assert answer.status_code == 200, answer.text


NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 24 November already, in UTC+14


@pytest.mark.parametrize(
    ("facts", "field", "words"),
    [
        ({"purchased_on": date(2026, 11, 25)}, "purchased_on", "after today (2026-11-24"),
        ({"manufactured_on": date(2026, 11, 25)}, "manufactured_on", "after today"),
        (
            {"manufactured_on": date(2026, 3, 2), "purchased_on": date(2026, 3, 1)},
            "purchased_on",
            "before it was manufactured",
        ),
        ({"country_of_purchase": "ZZ"}, "country_of_purchase", "not an ISO 3166-1"),
    ],
)
def test_an_implausible_unit_is_refused_naming_the_field(
    uow_factory: UnitOfWorkFactory, policy_book: Any, facts: dict[str, Any], field: str, words: str
) -> None:
    registration = Registration(brand="QNAP", serial="Q-PLAUSIBLE", model="TS-453 Pro", **facts)

    with pytest.raises(InvalidInput) as refused:
        register_unit(uow_factory, policy_book, registration, NOW)

    assert [p.field for p in refused.value.problems] == [field]
    assert words in refused.value.problems[0].message
    with uow_factory() as uow:
        assert uow.units.get("QNAP", "Q-PLAUSIBLE") is None


def test_a_purchase_on_the_day_it_already_is_in_utc_plus_14_is_accepted(
    uow_factory: UnitOfWorkFactory, policy_book: Any
) -> None:
    assert latest_today(NOW) == date(2026, 11, 24)
    registration = Registration(
        brand="QNAP", serial="Q-KIRIBATI", model="TS-453 Pro", purchased_on=date(2026, 11, 24)
    )

    unit, created = register_unit(uow_factory, policy_book, registration, NOW)

    assert created and unit.purchased_on == date(2026, 11, 24)

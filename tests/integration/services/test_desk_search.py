"""The desk's search (issue #23, item 2): exact matches first (RMA number, serial, proof
of purchase, tracking), then prefixes of the contact's e-mail or name, then names
like it; on both engines (pg_trgm on PostgreSQL, FTS5 trigrams on SQLite)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, NOW, QNAP_SERIAL, TECH, awaiting_unit, request, seed

from warrantor.errors import InvalidInput, PermissionDenied
from warrantor.services.rma.opening import open_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.rma.search import search_rmas
from warrantor.services.uow import UnitOfWorkFactory

CONTACTS = [
    # serial, contact name, contact e-mail, proof of purchase
    ("QFIND01", "Carla Mendes", "carla@example.com", "SMITH"),  # exact: the proof
    ("QFIND02", "Dan Ortiz", "smith.dan@example.com", "INV-2"),  # prefix: the e-mail
    ("QFIND03", "Ann Smyth", "ann@example.org", "INV-3"),  # fuzzy: the name
    ("QFIND04", "Bob Jones", "bob@example.net", "INV-4"),  # nothing like it
]


@pytest.fixture
def rmas(uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any) -> dict[str, int]:
    seed(uow_factory, add_units)
    add_units([{"brand": "QNAP", "serial": serial, "model": "TS-453 Pro", "owner": "CUST-ANN",
                "country_of_purchase": "US", "purchased_on": "2026-02-01",
                "proof_of_purchase": proof} for serial, _, _, proof in CONTACTS])  # fmt: skip
    ids = {}
    for n, (serial, name, email, proof) in enumerate(CONTACTS):
        asked = request(serial, contact_name=name, contact_email=email, proof_of_purchase=proof)
        ids[serial] = open_rma(uow_factory, policy_book, ANN, asked, NOW + timedelta(hours=n)).id
    return ids


def found(uow_factory: UnitOfWorkFactory, text: str) -> list[tuple[str, str, str]]:
    return [(h.tier, h.matched, h.rma.serial) for h in search_rmas(uow_factory, AGENT, text)]


def test_exact_before_prefix_before_fuzzy(uow_factory: UnitOfWorkFactory, rmas: Any) -> None:
    assert found(uow_factory, "smith") == [
        ("exact", "proof_of_purchase", "QFIND01"),
        ("prefix", "contact_email", "QFIND02"),
        ("fuzzy", "contact", "QFIND03"),
    ]


def test_a_serial_or_a_name_prefix_finds_its_rma(uow_factory: UnitOfWorkFactory, rmas: Any) -> None:
    assert found(uow_factory, "qfind04") == [("exact", "serial", "QFIND04")]
    assert found(uow_factory, "Jon")[0] == ("prefix", "contact_name", "QFIND04")
    assert found(uow_factory, "zzzzzz") == []


def test_a_number_and_a_tracking_number_are_exact(
    uow_factory: UnitOfWorkFactory, rmas: dict[str, int], policy_book: Any
) -> None:
    number = awaiting_unit(uow_factory, policy_book, NOW + timedelta(days=1))
    assert found(uow_factory, number.lower()) == [("exact", "number", QNAP_SERIAL)]
    arrival = ParcelArrival(rma_number=number, carrier="UPS", tracking="1Z999AA10123456784")
    receive_parcel(uow_factory, policy_book, TECH, arrival, NOW + timedelta(days=3))
    assert found(uow_factory, "1Z999AA10123456784") == [("exact", "tracking", QNAP_SERIAL)]


def test_only_staff_search_and_an_empty_box_names_q(
    uow_factory: UnitOfWorkFactory, rmas: Any
) -> None:
    with pytest.raises(PermissionDenied):
        search_rmas(uow_factory, ANN, "smith")
    with pytest.raises(InvalidInput) as empty:
        search_rmas(uow_factory, AGENT, "   ")
    assert [p.field for p in empty.value.problems] == ["q"]

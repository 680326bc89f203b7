"""An RMA served in China counts China's make-up working days, and says when its date is
provisional.

Netac's text promises no RMA-number or repair time (its RMAs get no due date:
see ``test_rma_desk``), so this runs the desk with a sample brand, "Acme",
whose policy has a Shenzhen centre and both promises, beside the shipped
policies.
"""

from __future__ import annotations

import importlib.util
import io
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rma_desk_support import AGENT, TECH

from rma_desk_steps import validate_after_first_contact
from warrantor.policy.book import PolicyBook
from warrantor.policy.loader import load_policy
from warrantor.services.clock import SystemClock
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.opening import RmaRequest, open_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.uow import UnitOfWorkFactory

PROJECT = Path(__file__).resolve().parents[3]
PROMISE = "An RMA number is given within two business days after the documents are validated."
REPAIR = "Repairs take at most 5 working days."


def _samples() -> ModuleType:
    path = PROJECT / "tests" / "unit" / "policy" / "policy_samples.py"
    spec = importlib.util.spec_from_file_location("rma_china_policy_samples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def book(tmp_path: Path) -> PolicyBook:
    samples = _samples()
    china = (
        samples.BASE
        + f"""
[[clauses]]
id = "acme.rma"
text = "{PROMISE}"

[[clauses]]
id = "acme.repair"
text = "{REPAIR}"

[[service_centres]]
id = "acme-cn"
name = "Acme service, Shenzhen"
country = "CN"
timezone = "Asia/Shanghai"

[[rules]]
kind = "rma_number"
business_days = 2
clauses = ["acme.rma"]

[[rules]]
kind = "repair_time"
working_days = 5
scope = ["standard"]
clauses = ["acme.repair"]
"""
    )
    (tmp_path / "acme.txt").write_text(
        samples.SOURCE + PROMISE + "\n" + REPAIR + "\n", encoding="utf-8"
    )
    (tmp_path / "acme.toml").write_text(china, encoding="utf-8")
    shipped = PolicyBook.from_dir(PROJECT / "policies").policies()
    return PolicyBook([*shipped, load_policy(tmp_path / "acme.toml")])


@pytest.fixture
def rma_id(uow_factory: UnitOfWorkFactory, book: PolicyBook, units_csv: Any) -> int:
    rows = [
        {
            "brand": "Acme",
            "serial": "ACME0001",
            "model": "W-100",
            "purchased_on": "2025-12-01",
            "proof_of_purchase": "FP-1",
            "country_of_purchase": "CN",
        }
    ]
    assert (
        import_units(
            uow_factory, io.BytesIO(units_csv(rows)), book, now=SystemClock().now()
        ).rejected
        == 0
    )
    request = RmaRequest(
        serial="ACME0001",
        brand="Acme",
        symptom="widget rattles",
        contact_name="Wang Fang",
        contact_email="wang@example.com",
        backup_acknowledged=True,
    )
    at = datetime(2026, 2, 10, 2, tzinfo=UTC)
    return open_rma(uow_factory, book, AGENT, request, at).id


def test_the_number_counts_the_spring_festival_make_up_saturday(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, rma_id: int
) -> None:
    # 17:00 UTC Thu 12 Feb 2026 is 01:00 Fri 13 Feb in Shanghai. Sat 14 is a make-up working
    # day (1); Sun 15 - Mon 23 is the festival; Tue 24 (2).
    rma = validate_after_first_contact(
        uow_factory, book, AGENT, rma_id, datetime(2026, 2, 12, 17, tzinfo=UTC)
    )

    assert rma.service_point == "acme-cn"
    assert rma.number_due is not None
    assert rma.number_due.due_on == date(2026, 2, 24)
    assert rma.number_due.due_at == datetime(2026, 2, 24, 16, tzinfo=UTC)
    assert not rma.number_due.provisional


def test_the_repair_counts_the_make_up_saturday_after_the_festival(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, rma_id: int
) -> None:
    at = datetime(2026, 2, 12, 17, tzinfo=UTC)
    validate_after_first_contact(uow_factory, book, AGENT, rma_id, at)
    number = issue_number(uow_factory, book, AGENT, rma_id, at).rma.number
    # Received Tue 24 Feb (Shanghai): 25 (1), 26 (2), 27 (3), Sat 28 make-up day (4), Mon 2 Mar (5).
    received = receive_parcel(
        uow_factory,
        book,
        TECH,
        ParcelArrival(rma_number=number),
        datetime(2026, 2, 24, 2, tzinfo=UTC),
    )

    assert received.rma is not None and received.rma.repair_due is not None
    assert received.rma.received_on == date(2026, 2, 24)
    assert received.rma.repair_due.due_on == date(2026, 3, 2)


def test_a_year_without_a_published_notice_gives_a_provisional_due_date(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, rma_id: int
) -> None:
    rma = validate_after_first_contact(
        uow_factory, book, AGENT, rma_id, datetime(2035, 3, 6, 2, tzinfo=UTC)
    )

    assert rma.number_due is not None and rma.number_due.provisional

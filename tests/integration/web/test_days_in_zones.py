"""Days cut from instants are the reader's days (issue #26, item 2): an RMA opened at 23:30
UTC was opened on the next day in Shanghai and on that day in Toronto; staff tables show an
RMA's opened day in its service centre's zone, named."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from portal_support import AGENT, NOW, TECH, add_accounts, validate_on_desk

from warrantor.bootstrap import Runtime
from warrantor.certificates import Buyer, signature_prefix
from warrantor.domain.actors import Actor
from warrantor.services.access.sessions import actor_of
from warrantor.services.access.tokens import create_token
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.certificates.issuing import CertificateRequest, issue_certificate
from warrantor.services.certificates.revoking import revoke_certificate
from warrantor.services.clock import FixedClock
from warrantor.services.installed_base.registration import Claim, register_my_unit
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel

PASSWORD = "correct horse battery staple"
CENTRE = "Asia/Shanghai"
LATE = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
"""23 November in UTC and in Los Angeles (the RMA's service centre) and Toronto; 24 November
in Shanghai (the centre whose zone anonymous readers and users without one see)."""
UNIT = {"brand": "QNAP", "serial": "QNIGHT001", "model": "TS-453 Pro",
        "manufactured_on": "2025-09-01", "country_of_purchase": "US"}  # fmt: skip


@pytest.fixture
def runtime(runtime: Runtime) -> Runtime:
    """The tests' runtime at 23:30 UTC with a service centre in Shanghai."""
    settings = runtime.settings.model_copy(update={"centre_time_zone": CENTRE})
    return replace(runtime, settings=settings, clock=FixedClock(LATE))


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _open_an_rma_late(client: TestClient, uow_factory: Any, add_units: Any, book: Any) -> str:
    """Ann signs in and asks for an RMA at 23:30 UTC; the RMA's page."""
    add_accounts(uow_factory)
    ann = NewUser("ann@example.com", "Ann", "customer", "CUST-ANN", PASSWORD)
    user = create_user(uow_factory, Actor.operator(), ann, NOW)
    form = client.get("/login").text
    token = re.search(r'name="login_token" value="([^"]+)"', form).group(1)
    signed = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                         "login_token": token}, follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303
    add_units([UNIT])
    claim = Claim("QNAP", "QNIGHT001", NOW.date().replace(month=10, day=1), "INV-N1")
    register_my_unit(uow_factory, actor_of(user), claim, NOW, book=book)
    form = client.get("/my/rmas/new").text
    fields = {"brand": "QNAP", "serial": "QNIGHT001", "symptom": "does not boot",
              "contact_name": "Ann", "contact_email": "ann@example.com",
              "backup_acknowledged": "yes", "csrf_token": _csrf(form)}  # fmt: skip
    asked = client.post("/my/rmas/new", data=fields, follow_redirects=False)
    assert asked.status_code == 303, asked.text
    return str(asked.headers["location"]).split("?")[0]


def _opened_cell(page: str) -> str:
    row = re.search(r"<tr[^>]*>\s*<td[^>]*>.*?QNIGHT001.*?</tr>", page, re.S)
    assert row, page
    cell = re.search(r'<td data-label="Opened">(.*?)</td>', row.group(0), re.S)
    assert cell, row.group(0)
    return html.unescape(cell.group(1))


def test_a_customer_reads_the_opened_day_on_their_own_calendar(
    client: TestClient, uow_factory: Any, add_units: Any, policy_book: Any
) -> None:
    _open_an_rma_late(client, uow_factory, add_units, policy_book)
    # no zone of hers yet: the service centre's calendar, where it is 24 November already
    assert _opened_cell(client.get("/my/rmas").text) == "24 November 2026"
    page = client.get("/my/settings").text
    client.post("/my/time-zone", data={"time_zone": "America/Toronto", "csrf_token": _csrf(page)})
    assert _opened_cell(client.get("/my/rmas").text) == "23 November 2026"
    german = client.get("/my/rmas", headers={"Accept-Language": "de"}).text
    assert "23. November 2026" in html.unescape(german)


def test_staff_read_an_rmas_opened_day_in_its_centres_zone_named(
    client: TestClient, client_as: Any, uow_factory: Any, add_units: Any, policy_book: Any
) -> None:
    where = _open_an_rma_late(client, uow_factory, add_units, policy_book)
    agent = client_as(AGENT)
    validate_on_desk(agent, where.rsplit("/", 1)[1])
    desk = agent.get("/desk?queue=number").text
    # the agent's own calendar (the centre's, Shanghai) says 24 November; the RMA's service
    # centre is in Los Angeles, where it was opened on the 23rd, and the zone is named
    opened = _opened_cell(desk)
    assert opened.startswith("2026-11-23 ") and "America/Los_Angeles" in opened


def test_an_anonymous_reader_sees_a_revocation_day_on_the_centres_calendar_named(
    runtime: Runtime, client: TestClient
) -> None:
    request = CertificateRequest(
        extension_id=9, brand="QNAP", model="TS-453 Pro", serial="QNIGHT001",
        extension_years=1, starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31),
        buyer=Buyer("D-0042", "Northwind Storage Ltd"),
    )  # fmt: skip
    with runtime.uow_factory() as uow:
        certificate = issue_certificate(uow, runtime.keys, request, LATE)
    revoke_certificate(
        runtime.uow_factory, Actor.operator(), certificate.number, reason="refunded", now=LATE
    )
    page = client.get(
        f"/certificates/{certificate.number}/verify", params={"sig": signature_prefix(certificate)}
    )
    assert "revoked on 24 November 2026 (Asia/Shanghai):" in html.unescape(page.text)


def test_a_tokens_made_day_is_the_readers_day_named(client_as: Any, uow_factory: Any) -> None:
    add_accounts(uow_factory)
    new_ada = NewUser("ada@example.com", "Ada", "admin", "MAKER", PASSWORD)
    ada = actor_of(create_user(uow_factory, Actor.operator(), new_ada, NOW))
    create_token(uow_factory, ada, "nightly", LATE)
    page = html.unescape(client_as(ada).get("/admin/users").text)
    assert "nightly · made 2026-11-24 (Asia/Shanghai)" in page


def test_a_held_parcels_received_day_is_the_readers_day_named(
    client_as: Any, uow_factory: Any, policy_book: Any
) -> None:
    add_accounts(uow_factory)
    arrival = ParcelArrival(brand="QNAP", serial="QNIGHT009", sender_name="Bo", carrier="UPS")
    receive_parcel(uow_factory, policy_book, TECH, arrival, LATE)
    page = html.unescape(client_as(TECH).get("/desk/receive").text)
    assert "QNIGHT009</a> from Bo, received 2026-11-24 (Asia/Shanghai)" in page

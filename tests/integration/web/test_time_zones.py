"""Local times (issue #26, item 2): a user's time zone, reported by their browser at their
first sign-in (once: a zone they have stays) and editable on the settings page and the API;
times shown on their clock with the zone named; the service centre's zone for whoever has
none (anonymous visitors too); due days named with the RMA's service centre's zone."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from portal_support import AGENT, NOW, add_accounts, validate_on_desk
from starlette.requests import Request

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.http.time_zone import reader_zones
from warrantor.services.access.sessions import SessionInfo, actor_of
from warrantor.services.access.time_zone import time_zone_of
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.installed_base.registration import Claim, register_my_unit

PASSWORD = "correct horse battery staple"
CENTRE = "Asia/Shanghai"
UNIT = {"brand": "QNAP", "serial": "QZONE0001", "model": "TS-453 Pro",
        "manufactured_on": "2025-09-01", "country_of_purchase": "US"}  # fmt: skip


@pytest.fixture
def runtime(runtime: Runtime) -> Runtime:
    """The tests' runtime with a service centre in Shanghai (the default is UTC)."""
    settings = runtime.settings.model_copy(update={"centre_time_zone": CENTRE})
    return replace(runtime, settings=settings)


def _text(page: Any) -> str:
    return html.unescape(page.text)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _sign_in(client: TestClient, uow_factory: Any) -> Actor:
    add_accounts(uow_factory)
    ann = NewUser("ann@example.com", "Ann", "customer", "CUST-ANN", PASSWORD)
    user = create_user(uow_factory, Actor.operator(), ann, NOW)
    form = client.get("/login").text
    token = re.search(r'name="login_token" value="([^"]+)"', form).group(1)
    signed = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                         "login_token": token}, follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303
    return actor_of(user)


def test_the_browser_reports_the_zone_once_at_the_first_sign_in(
    client: TestClient, uow_factory: Any
) -> None:
    ann = _sign_in(client, uow_factory)
    page = client.get("/my").text
    assert '<form id="time-zone-report" method="post" action="/my/time-zone" hidden>' in page
    assert re.search(r'<script src="[^"]*/static/time-zone\.js" defer></script>', page)
    token = _csrf(page)
    forged = client.post("/my/time-zone", data={"time_zone": "Europe/Berlin"})
    assert forged.status_code == 403 and time_zone_of(uow_factory, ann) is None
    wrong = client.post("/my/time-zone", data={"time_zone": "Mars/Olympus", "csrf_token": token})
    assert wrong.status_code == 422 and "no such time zone" in _text(wrong)
    assert time_zone_of(uow_factory, ann) is None
    told = client.post("/my/time-zone", data={"time_zone": "Europe/Berlin", "csrf_token": token})
    assert told.status_code == 204 and time_zone_of(uow_factory, ann) == "Europe/Berlin"
    # another browser later (or a second tab) does not overwrite a zone the user has
    again = client.post("/my/time-zone", data={"time_zone": "Asia/Tokyo", "csrf_token": token})
    assert again.status_code == 204 and time_zone_of(uow_factory, ann) == "Europe/Berlin"
    assert 'id="time-zone-report"' not in client.get("/my").text


def test_the_settings_page_changes_the_zone_and_refuses_an_unknown_one(
    client: TestClient, uow_factory: Any
) -> None:
    ann = _sign_in(client, uow_factory)
    page = _text(client.get("/my/settings"))
    assert 'name="time_zone"' in page and '<option value="America/Toronto">' in page
    assert f"until then the service centre's ({CENTRE})" in page
    saved = client.post("/my/settings", data={"locale": "de", "time_zone": "Europe/Berlin",
                                              "csrf_token": _csrf(page)},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303 and time_zone_of(uow_factory, ann) == "Europe/Berlin"
    wrong = client.post("/my/settings", data={"locale": "en", "time_zone": "Berlin",
                                              "csrf_token": _csrf(page)})  # fmt: skip
    assert wrong.status_code == 422 and 'id="e-time_zone"' in wrong.text
    # the page speaks the language saved a moment ago (German): the refusal too
    assert "„Berlin“ ist keine IANA-Zeitzone" in _text(wrong)
    # nothing half-written: the language given with the wrong zone is not stored either
    assert time_zone_of(uow_factory, ann) == "Europe/Berlin"
    assert '<html lang="de">' in client.get("/my/settings").text


def test_the_api_reads_and_sets_the_zone(client_as: Any, uow_factory: Any) -> None:
    add_accounts(uow_factory)
    new_bob = NewUser("bob@example.com", "Bob", "customer", "CUST-BOB", PASSWORD)
    bob = client_as(actor_of(create_user(uow_factory, Actor.operator(), new_bob, NOW)))
    assert bob.get("/api/v1/me/settings").json()["time_zone"] is None
    put = bob.put("/api/v1/me/settings", json={"locale": None, "time_zone": "America/Toronto"})
    assert put.status_code == 200 and put.json()["time_zone"] == "America/Toronto"
    refused = bob.put("/api/v1/me/settings", json={"locale": "de", "time_zone": "EST5EDT!"})
    assert refused.status_code == 422
    assert refused.json()["error"]["problems"][0]["field"] == "time_zone"
    kept = bob.get("/api/v1/me/settings").json()
    assert kept["time_zone"] == "America/Toronto" and kept["locale"] is None
    # the language alone leaves the zone as it is
    assert bob.put("/api/v1/me/settings", json={"locale": "de"}).json()["time_zone"] == (
        "America/Toronto"
    )
    cleared = bob.put("/api/v1/me/settings", json={"locale": "de", "time_zone": None})
    assert cleared.json()["time_zone"] is None


def _ask_for_an_rma(client: TestClient, uow_factory: Any, add_units: Any, policy_book: Any) -> str:
    add_units([UNIT])
    claim = Claim("QNAP", "QZONE0001", NOW.date().replace(month=10, day=1), "INV-Z1")
    register_my_unit(uow_factory, actor_of_ann(uow_factory), claim, NOW, book=policy_book)
    form = client.get("/my/rmas/new").text
    fields = {"brand": "QNAP", "serial": "QZONE0001", "symptom": "does not boot",
              "contact_name": "Ann", "contact_email": "ann@example.com",
              "backup_acknowledged": "yes", "csrf_token": _csrf(form)}  # fmt: skip
    asked = client.post("/my/rmas/new", data=fields, follow_redirects=False)
    assert asked.status_code == 303, asked.text
    return str(asked.headers["location"]).split("?")[0]


def actor_of_ann(uow_factory: Any) -> Actor:
    with uow_factory() as uow:
        user = uow.users.by_email("ann@example.com")
    return actor_of(user)


def test_times_are_shown_on_the_users_clock_with_the_zone_named(
    client: TestClient, client_as: Any, uow_factory: Any, add_units: Any, policy_book: Any
) -> None:
    _sign_in(client, uow_factory)
    where = _ask_for_an_rma(client, uow_factory, add_units, policy_book)
    validate_on_desk(client_as(AGENT), where.rsplit("/", 1)[1])  # a due day: the number's
    # not set yet: the service centre's clock (the RMA opened at 12:00 UTC)
    before = _text(client.get(where))
    assert "23 November 2026, 20:00 CST (Asia/Shanghai)" in before
    assert " UTC</time>" not in before
    page = client.get("/my/settings").text
    client.post("/my/time-zone", data={"time_zone": "Europe/Berlin", "csrf_token": _csrf(page)})
    mine = _text(client.get(where))
    opened = '"2026-11-23T12:00:00+00:00">23 November 2026, 13:00 CET (Europe/Berlin)</time>'
    assert opened in mine
    # the due day is the RMA's service centre's day, and named so
    assert "(the end of that day, America/Los_Angeles)" in mine
    german = _text(client.get(where, headers={"Accept-Language": "de"}))
    assert "23. November 2026, 13:00 CET (Europe/Berlin)" in german
    assert "(Ende dieses Tages, America/Los_Angeles)" in german


def test_staff_see_due_days_in_the_rmas_centres_zone_and_times_on_the_centres_clock(
    client: TestClient, client_as: Any, uow_factory: Any, add_units: Any, policy_book: Any
) -> None:
    _sign_in(client, uow_factory)
    where = _ask_for_an_rma(client, uow_factory, add_units, policy_book)
    agent = client_as(AGENT)
    validate_on_desk(agent, where.rsplit("/", 1)[1])
    desk = _text(agent.get("/desk?queue=number"))
    row = re.search(r"<tr[^>]*>\s*<td data-label=\"RMA\">.*?QZONE0001.*?</tr>", desk, re.S)
    assert row and '<span class="hint" title="the end of that day in the service centre' in (
        row.group(0)
    )
    assert "America/Los_Angeles</span>" in row.group(0)
    assert "as of 23 November 2026, 20:00 CST (Asia/Shanghai)" in desk
    number = where.rsplit("/", 1)[1]
    rma = _text(agent.get(f"/desk/rmas/{number}"))
    assert "23 November 2026, 20:00 CST (Asia/Shanghai)" in rma
    assert "(the end of that day, America/Los_Angeles)" in rma


def _request(runtime: Runtime, session: SessionInfo | None) -> Request:
    app = type("App", (), {})()
    app.state = type("State", (), {"runtime": runtime})()  # type: ignore[attr-defined]
    request = Request({"type": "http", "app": app, "headers": []})
    request.state.web_session = session
    return request


def test_an_anonymous_visitor_reads_the_centres_clock(runtime: Runtime) -> None:
    anonymous = reader_zones(_request(runtime, None))
    assert (anonymous.reader, anonymous.centre, anonymous.ask_browser) == (CENTRE, CENTRE, False)
    unset = reader_zones(_request(runtime, SessionInfo(AGENT, "t")))
    assert (unset.reader, unset.ask_browser) == (CENTRE, True)
    berlin = reader_zones(_request(runtime, SessionInfo(AGENT, "t", time_zone="Europe/Berlin")))
    assert (berlin.reader, berlin.centre, berlin.ask_browser) == ("Europe/Berlin", CENTRE, False)


def test_an_anonymous_page_does_not_ask_for_a_zone(client: TestClient) -> None:
    page = client.get("/").text
    assert 'id="time-zone-report"' not in page and "time-zone.js" not in page

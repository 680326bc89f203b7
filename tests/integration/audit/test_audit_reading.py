"""Admins read the trail per object and per person, paged, by API, CLI and page (both engines).

Other roles may not read it; a page's cursor leads to the next, older page
without gaps or repeats; bad filters name the field.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from audit_support import ADMIN
from typer.testing import CliRunner

from warrantor.cli.main import app
from warrantor.domain.actors import Actor, Role
from warrantor.errors import InvalidInput, NotFound, PermissionDenied
from warrantor.services.access.users import NewUser, change_role, create_user
from warrantor.services.audit.trail import TrailQuery, read_trail
from warrantor.services.paging import encode_cursor
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
AGENT = Actor(role=Role.AGENT, account_code="MAKER", user_id=900, name="Alex")
PW = "a long password"


@pytest.fixture
def people(uow_factory: UnitOfWorkFactory) -> Actor:
    """Three users made by the operator, then two role changes by the first of them (an admin)."""
    with uow_factory() as uow:
        uow.accounts.upsert(Account("MAKER", "The maker", "admin"), NOW)
    made = [
        create_user(
            uow_factory,
            ADMIN,
            NewUser(f"{n}@maker.example", n, "admin", "MAKER", "long pw 123"),
            NOW,
        )
        for n in ("ann", "bob", "cat")
    ]
    boss = Actor(role=Role.ADMIN, account_code="MAKER", user_id=made[0].id, name="ann")
    change_role(uow_factory, boss, "bob@maker.example", "agent", NOW)
    change_role(uow_factory, boss, "cat@maker.example", "technician", NOW)
    return boss


def read(uow_factory: UnitOfWorkFactory, **query: Any) -> Any:
    return read_trail(uow_factory, ADMIN, TrailQuery(**query))


def test_per_person_shows_only_what_that_user_did(
    uow_factory: UnitOfWorkFactory, people: Actor
) -> None:
    page = read(uow_factory, person="ANN@maker.example")

    assert [e.action for e in page.items] == ["user.role_changed", "user.role_changed"]
    assert {e.actor_user_id for e in page.items} == {people.user_id}
    assert page.next_cursor is None


def test_per_object_shows_one_users_history_newest_first(
    uow_factory: UnitOfWorkFactory, people: Actor
) -> None:
    bob = read(uow_factory, person="ann@maker.example").items[-1].subject_id

    page = read(uow_factory, kind="user", object_id=bob)

    assert [e.action for e in page.items] == ["user.role_changed", "user.created"]


def test_the_cursor_pages_through_everything_once(
    uow_factory: UnitOfWorkFactory, people: Actor
) -> None:
    everything = [e.id for e in read(uow_factory, limit=500).items]
    seen: list[int] = []
    cursor = None
    while True:
        page = read(uow_factory, limit=2, cursor=cursor)
        seen += [e.id for e in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    assert seen == everything and len(seen) == 5
    assert seen == sorted(seen, reverse=True)
    with pytest.raises(InvalidInput) as foreign:
        read(uow_factory, cursor=encode_cursor("users", [everything[1]]))
    assert [p.field for p in foreign.value.problems] == ["cursor"]


def test_only_an_admin_reads_the_trail(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(PermissionDenied):
        read_trail(uow_factory, AGENT, TrailQuery())


def test_bad_filters_name_their_field(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(InvalidInput) as bad:
        read(uow_factory, kind="invoice", object_id="1", action="unit.eaten", limit=0)
    assert {p.field for p in bad.value.problems} == {"kind", "action", "limit"}
    with pytest.raises(InvalidInput) as no_kind:
        read(uow_factory, object_id="QNAP/Q1")
    assert no_kind.value.problems[0].field == "id"
    with pytest.raises(NotFound):
        read(uow_factory, person="nobody@maker.example")


def test_a_unit_is_found_however_its_brand_and_serial_are_typed(
    uow_factory: UnitOfWorkFactory, add_units: Any
) -> None:
    add_units([{"brand": "QNAP", "serial": "QA1", "model": "TS-453 Pro"}])
    add_units([{"brand": "QNAP", "serial": "QA1", "model": "TS-453 Pro", "channel": "retail"}])

    page = read(uow_factory, kind="unit", object_id="qnap/qa1")

    assert [(e.subject_id, e.action) for e in page.items] == [("QNAP/QA1", "unit.changed")]


# --- the API and the page --------------------------------------------------------------------


def test_the_api_answers_a_page_to_an_admin_and_403_to_anyone_else(
    client_as: Any, people: Actor
) -> None:
    response = client_as(people).get("/api/v1/audit", params={"kind": "user", "limit": 2})

    assert response.status_code == 200
    body = response.json()
    assert len(body["events"]) == 2 and body["next_cursor"] == response.headers["x-next-cursor"]
    assert response.headers["link"].endswith('>; rel="next"')
    assert response.headers["x-total-count-kind"] == "none"
    assert body["events"][0]["changed"] == ["role"]
    assert body["events"][0]["actor_name"] == "ann"
    assert client_as(AGENT).get("/api/v1/audit").status_code == 403


def test_an_import_through_the_api_names_the_admin_who_sent_it(
    client_as: Any, people: Actor, units_csv: Any
) -> None:
    file = units_csv([{"brand": "QNAP", "serial": "QAPI1", "model": "TS-453 Pro"}])

    sent = client_as(people).post("/api/v1/units/import", files={"file": ("u.csv", file)})

    assert sent.status_code == 200, sent.text
    page = client_as(people).get("/api/v1/audit", params={"kind": "units_import"})
    (event,) = page.json()["events"]
    assert (event["after"]["inserted"], event["actor_user_id"]) == (1, people.user_id)


def test_the_admin_page_lists_filters_and_links_the_older_entries(
    client_as: Any, people: Actor
) -> None:
    browser = client_as(people)

    page = browser.get("/admin/audit", params={"kind": "user", "limit": 2})

    assert page.status_code == 200
    assert page.text.count('id="audit-') == 2
    assert "user.role_changed" in page.text and "technician" in page.text
    # actions and kinds by their names, the action's code a hint (issue #25, item 2)
    assert 'User&#39;s role changed <span class="hint">(user.role_changed)</span>' in page.text
    assert '<option value="price_list" >Price list</option>' in page.text
    assert '<option value="service_centre.holding_set" >Holding period set</option>' in page.text
    assert "Older entries" in page.text
    assert "2 on this page; the trail is not counted" in page.text
    assert 'href="/admin/audit"' in browser.get("/admin/users").text  # in the admin's nav
    refused = browser.get("/admin/audit", params={"kind": "invoice"})
    assert refused.status_code == 422 and "unknown kind" in refused.text
    assert client_as(AGENT).get("/admin/audit").status_code == 403


def test_the_admin_page_shows_the_rows_of_one_import_run(
    client_as: Any, people: Actor, add_units: Any
) -> None:
    add_units([{"brand": "QNAP", "serial": f"QRUN{n}", "model": "TS-453 Pro"} for n in (1, 2)])
    add_units(
        [
            {"brand": "QNAP", "serial": f"QRUN{n}", "model": "TS-453 Pro", "channel": "online"}
            for n in (1, 2)
        ]
    )
    browser = client_as(people)
    listed = browser.get("/admin/audit", params={"kind": "units_import", "limit": 1}).text
    run = listed.split("/admin/audit?run=")[1].split('"')[0]

    page = browser.get("/admin/audit", params={"run": run})

    assert page.status_code == 200
    assert page.text.count('id="audit-') == 3  # the run and its two units
    assert "QNAP/QRUN1" in page.text and "QNAP/QRUN2" in page.text


# --- the CLI ---------------------------------------------------------------------------------


@pytest.fixture
def warrantor(empty_database_url: str, tmp_path: Path) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return runner


def test_the_cli_reads_the_trail_and_records_the_policies_once(
    warrantor: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "units.csv"
    file.write_text("brand,serial,model\nQNAP,QCLI1,TS-453 Pro\n", encoding="utf-8")
    assert warrantor.invoke(app, ["units", "import", str(file)]).exit_code == 0
    file.write_text("brand,serial,model\nQNAP,QCLI1,TS-653 Pro\n", encoding="utf-8")
    assert warrantor.invoke(app, ["units", "import", str(file)]).exit_code == 0

    shown = warrantor.invoke(app, ["audit", "object", "unit", "qnap/qcli1"])
    policies = warrantor.invoke(app, ["audit", "list", "--kind", "policy", "--json"])

    assert shown.exit_code == 0, shown.output
    assert "unit.changed unit QNAP/QCLI1 by cli (admin)" in shown.output
    assert "model: TS-453 Pro -> TS-653 Pro" in shown.output
    loaded = [e["object_id"] for e in json.loads(policies.stdout)]
    assert len(loaded) == len(set(loaded)) == 3  # three policy files, each once
    refused = warrantor.invoke(app, ["audit", "list", "--kind", "invoice"])
    assert refused.exit_code == 2 and "unknown kind" in refused.output

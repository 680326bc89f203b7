"""API tokens: made by a signed-in user, shown once, used as Bearer, listed, revoked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from access_helpers import advance, csrf_of
from fastapi.testclient import TestClient

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Role
from warrantor.services.access.secrets import digest
from warrantor.services.uow import UnitOfWorkFactory


def make_token(client: TestClient, uow_factory: UnitOfWorkFactory, **body: Any) -> Any:
    headers = {"X-CSRF-Token": csrf_of(uow_factory, client)}
    response = client.post("/api/v1/tokens", json={"name": "ERP", **body}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_token_acts_as_its_user_and_only_its_hash_is_stored(
    person: Any, signed_in: Any, browser: Any, uow_factory: UnitOfWorkFactory
) -> None:
    distributor = person(Role.DISTRIBUTOR)
    created = make_token(signed_in(distributor), uow_factory)
    assert created["token"].startswith(created["prefix"])
    integration: TestClient = browser()
    me = integration.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {created['token']}"}
    ).json()
    assert (me["role"], me["account"]) == ("distributor", distributor.account)
    with uow_factory() as uow:
        assert uow.users.token_by_hash(digest(created["token"])) is not None
        assert uow.users.token_by_hash(created["token"]) is None


def test_a_list_shows_prefixes_never_values(
    person: Any, signed_in: Any, uow_factory: UnitOfWorkFactory
) -> None:
    client = signed_in(person(Role.AGENT))
    created = make_token(client, uow_factory)
    listed = client.get("/api/v1/tokens").json()
    assert [t["prefix"] for t in listed] == [created["prefix"]]
    assert created["token"] not in client.get("/api/v1/tokens").text


def test_a_revoked_token_signs_nobody_in(
    person: Any, signed_in: Any, browser: Any, uow_factory: UnitOfWorkFactory
) -> None:
    client = signed_in(person(Role.CUSTOMER))
    created = make_token(client, uow_factory)
    bearer = {"Authorization": f"Bearer {created['token']}"}
    revoked = client.delete(
        f"/api/v1/tokens/{created['id']}", headers={"X-CSRF-Token": csrf_of(uow_factory, client)}
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_at"] is not None
    response = browser().get("/api/v1/me", headers=bearer)
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]


def test_someone_elses_token_cannot_be_revoked(
    person: Any, signed_in: Any, client_as: Any, uow_factory: UnitOfWorkFactory
) -> None:
    owner, other = person(Role.CUSTOMER), person(Role.CUSTOMER)
    created = make_token(signed_in(owner), uow_factory)
    response = client_as(other.actor).delete(f"/api/v1/tokens/{created['id']}")
    assert response.status_code == 404
    assert created["prefix"] not in response.text


def test_an_expired_token_signs_nobody_in(
    person: Any, signed_in: Any, browser: Any, uow_factory: UnitOfWorkFactory, runtime: Runtime
) -> None:
    created = make_token(signed_in(person(Role.AGENT)), uow_factory, expires_in_days=1)
    bearer = {"Authorization": f"Bearer {created['token']}"}
    assert browser().get("/api/v1/me", headers=bearer).status_code == 200
    advance(runtime, timedelta(days=1))
    assert browser().get("/api/v1/me", headers=bearer).status_code == 401


def test_a_made_up_token_is_401_not_anonymous(browser: Any) -> None:
    response = browser().get("/api/v1/coverage?serial=X1", headers={"Authorization": "Bearer x"})
    assert response.status_code == 401


def test_a_bearer_request_needs_no_csrf_token(
    person: Any, signed_in: Any, browser: Any, uow_factory: UnitOfWorkFactory
) -> None:
    created = make_token(signed_in(person(Role.AGENT)), uow_factory)
    response = browser().post(
        "/api/v1/tokens",
        json={"name": "second"},
        headers={"Authorization": f"Bearer {created['token']}"},
    )
    assert response.status_code == 201, response.text


def test_a_cookie_signed_post_without_the_csrf_token_is_refused(
    person: Any, signed_in: Any, uow_factory: UnitOfWorkFactory
) -> None:
    client = signed_in(person(Role.AGENT))
    response = client.post("/api/v1/tokens", json={"name": "ERP"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    forged = client.post("/api/v1/tokens", json={"name": "ERP"}, headers={"X-CSRF-Token": "x"})
    assert forged.status_code == 403
    assert client.get("/api/v1/tokens").json() == []


def test_a_form_post_without_the_csrf_field_is_refused(
    person: Any, signed_in: Any, uow_factory: UnitOfWorkFactory
) -> None:
    client = signed_in(person(Role.CUSTOMER))
    refused = client.post("/logout", data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert client.get("/api/v1/me").status_code == 200  # still signed in
    accepted = client.post(
        "/logout", data={"csrf_token": csrf_of(uow_factory, client)}, follow_redirects=False
    )
    assert accepted.status_code == 303

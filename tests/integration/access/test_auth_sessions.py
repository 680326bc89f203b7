"""Signing in and out through the login page, the session cookie, its end, and CSRF."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from access_helpers import advance, csrf_of, sign_in
from fastapi.testclient import TestClient

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Role
from warrantor.http.actor import SESSION_COOKIE
from warrantor.services.access.secrets import digest
from warrantor.services.uow import UnitOfWorkFactory


def test_a_user_signs_in_and_the_session_says_who_they_are(
    person: Any, browser: Any, runtime: Runtime
) -> None:
    agent = person(Role.AGENT)
    client = browser()
    response = sign_in(client, agent.email.upper(), agent.password, next_url="/api/v1/me")
    assert response.status_code == 303
    assert response.headers["location"] == "/api/v1/me"
    cookie = response.headers["set-cookie"]
    assert SESSION_COOKIE in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    me = client.get("/api/v1/me").json()
    assert (me["role"], me["account"], me["is_staff"]) == ("agent", agent.account, True)


def test_the_database_keeps_only_a_hash_of_the_session_token(
    person: Any, browser: Any, uow_factory: UnitOfWorkFactory
) -> None:
    customer = person(Role.CUSTOMER)
    client = browser()
    sign_in(client, customer.email, customer.password)
    token = client.cookies[SESSION_COOKIE]
    with uow_factory() as uow:
        assert uow.users.session(token) is None
        assert uow.users.session(digest(token)) is not None


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(
    person: Any, browser: Any
) -> None:
    customer = person(Role.CUSTOMER)
    wrong_password = sign_in(browser(), customer.email, "not-the-password")
    unknown_email = sign_in(browser(), "nobody@example.com", customer.password)
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert "email or password is wrong" in wrong_password.text
    assert "email or password is wrong" in unknown_email.text
    assert SESSION_COOKIE not in wrong_password.headers.get("set-cookie", "")


def test_an_empty_field_is_named_next_to_it(browser: Any) -> None:
    response = sign_in(browser(), "", "")
    assert response.status_code == 422
    assert 'id="e-email"' in response.text and 'id="e-password"' in response.text
    assert 'aria-invalid="true"' in response.text and 'role="alert"' in response.text


def test_a_sign_in_form_without_its_token_is_refused(person: Any, browser: Any) -> None:
    customer = person(Role.CUSTOMER)
    client = browser()
    response = client.post(
        "/login",
        data={"email": customer.email, "password": customer.password, "login_token": "forged"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_next_never_leaves_the_site(person: Any, browser: Any) -> None:
    customer = person(Role.CUSTOMER)
    response = sign_in(browser(), customer.email, customer.password, next_url="//evil.example/x")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/")
    assert "evil" not in response.headers["location"]


def test_signing_out_ends_the_session_on_the_server(
    person: Any, signed_in: Any, uow_factory: UnitOfWorkFactory
) -> None:
    admin = person(Role.ADMIN)
    client: TestClient = signed_in(admin)
    token = client.cookies[SESSION_COOKIE]
    csrf = csrf_of(uow_factory, client)
    response = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    with uow_factory() as uow:
        assert uow.users.session(digest(token)) is None
    client.cookies.set(SESSION_COOKIE, token)  # a copy of the old cookie is worthless now
    assert client.get("/api/v1/me").status_code == 401


def test_a_session_ends_after_its_idle_time(person: Any, signed_in: Any, runtime: Runtime) -> None:
    customer = person(Role.CUSTOMER)
    client: TestClient = signed_in(customer)
    assert client.get("/api/v1/me").status_code == 200
    idle = client.app.state.auth_settings.session_idle_minutes  # type: ignore[attr-defined]
    advance(runtime, timedelta(minutes=idle - 1))
    assert client.get("/api/v1/me").status_code == 200  # activity keeps it alive
    advance(runtime, timedelta(minutes=idle))
    assert client.get("/api/v1/me").status_code == 401


def test_a_session_ends_after_its_longest_life_however_active(
    person: Any, signed_in: Any, runtime: Runtime
) -> None:
    customer = person(Role.CUSTOMER)
    client: TestClient = signed_in(customer)
    settings = client.app.state.auth_settings  # type: ignore[attr-defined]
    step = timedelta(minutes=settings.session_idle_minutes - 1)
    lived = timedelta()
    while lived + step < timedelta(hours=settings.session_max_hours):
        advance(runtime, step)
        lived += step
        assert client.get("/api/v1/me").status_code == 200
    advance(runtime, step)
    assert client.get("/api/v1/me").status_code == 401


def test_a_deactivated_user_is_signed_out_at_once(
    person: Any, signed_in: Any, client_as: Any
) -> None:
    customer, admin = person(Role.CUSTOMER), person(Role.ADMIN)
    browser_of_customer: TestClient = signed_in(customer)
    response = client_as(admin.actor).post(
        "/api/v1/users/deactivate", json={"email": customer.email}
    )
    assert response.status_code == 200, response.text
    assert response.json()["active"] is False
    assert browser_of_customer.get("/api/v1/me").status_code == 401
    assert sign_in(browser_of_customer, customer.email, customer.password).status_code == 401

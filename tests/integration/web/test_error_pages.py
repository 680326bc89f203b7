"""Browsers get pages for errors (with the header, the menu and sign-out); the API keeps JSON.

Also: the admin's landing page, and the sign-in link public pages carry.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter
from fastapi.testclient import TestClient
from portal_support import ADMIN, NOW, add_accounts

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.services.access.users import NewUser, create_user

HTML = {"accept": "text/html,application/xhtml+xml"}
PASSWORD = "correct horse battery staple"


def _sign_in_ann(client: TestClient, uow_factory: Any) -> None:
    add_accounts(uow_factory)
    user = NewUser("ann@example.com", "Ann", "customer", "CUST-ANN", PASSWORD)
    create_user(uow_factory, Actor.operator(), user, NOW)
    form = client.get("/login").text
    token = re.search(r'name="login_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    signed = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                         "login_token": token}, follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303


def test_an_unknown_page_is_a_404_page_for_a_browser_and_json_for_the_api(client: Any) -> None:
    page = client.get("/no-such-page", headers=HTML)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in page.text
    assert 'href="/login?next=/no-such-page"' in page.text  # anonymous: a way to sign in
    api = client.get("/api/v1/no-such-route", headers=HTML)
    assert api.status_code == 404
    assert api.json()["error"]["type"] == "not_found"
    plain = client.get("/no-such-page")  # a client that does not ask for HTML
    assert plain.json()["error"]["type"] == "not_found"


def test_a_signed_in_customer_keeps_the_header_and_sign_out_on_404_and_403_pages(
    client: Any, uow_factory: Any
) -> None:
    _sign_in_ann(client, uow_factory)
    for path, status, title in (
        ("/nowhere", 404, "Page not found"),
        ("/admin", 403, "Not allowed"),
    ):
        page = client.get(path, headers=HTML)
        assert page.status_code == status
        assert f"<h1>{title}</h1>" in page.text
        assert 'action="/logout"' in page.text and "Sign out" in page.text
        assert 'href="/my/rmas"' in page.text  # the customer's menu
    refused = client.get("/admin", headers=HTML).text
    assert "This page is for warranty admins." in refused
    assert "this page is for: admin" not in refused


def test_a_bug_is_a_500_page_for_a_browser_and_a_json_error_for_the_api(
    runtime: Runtime,
) -> None:
    app = create_app(runtime)
    broken = APIRouter()

    @broken.get("/broken")
    @broken.get("/api/v1/broken")
    def fail() -> None:
        raise RuntimeError("a bug")

    app.include_router(broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/broken", headers=HTML)
        assert page.status_code == 500
        assert "<h1>Something went wrong</h1>" in page.text and "a bug" not in page.text
        api = client.get("/api/v1/broken", headers=HTML)
        assert api.status_code == 500
        assert api.json()["error"]["type"] == "internal"


def test_the_admin_landing_page_links_every_admin_area(client_as: Any) -> None:
    page = client_as(ADMIN).get("/admin")
    assert page.status_code == 200
    for href in ("/admin/policies", "/admin/prices", "/admin/users", "/admin/audit", "/reports"):
        assert f'<a href="{href}">' in page.text
    assert '<a href="/admin" aria-current="page">Admin</a>' in page.text


def test_public_pages_offer_a_sign_in_link_and_the_sign_in_page_does_not(client: Any) -> None:
    assert '<a class="signin" href="/login">Sign in</a>' in client.get("/").text
    verify = client.get("/certificates/verify").text
    assert 'href="/login?next=/certificates/verify"' in verify
    assert 'class="signin"' not in client.get("/login").text

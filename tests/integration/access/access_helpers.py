"""Helpers for the access tests: signing in as a browser does, the CSRF token, the clock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.http.actor import SESSION_COOKIE
from warrantor.services.access.secrets import digest
from warrantor.services.clock import FixedClock
from warrantor.services.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class Person:
    """A user made by the ``person`` fixture, with the password to sign in."""

    email: str
    password: str
    account: str
    actor: Actor


def login_token(client: TestClient) -> str:
    """The double-submit token of a fresh sign-in form."""
    page = client.get("/login")
    found = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str, next_url: str = "") -> Any:
    """Post the sign-in form as a browser would (without following the redirect)."""
    return client.post(
        "/login",
        data={"email": email, "password": password, "next": next_url,
              "login_token": login_token(client)},
        follow_redirects=False,
    )  # fmt: skip


def advance(runtime: Runtime, delta: timedelta) -> None:
    """Move the test's fixed clock forward."""
    clock = runtime.clock
    assert isinstance(clock, FixedClock)
    clock.instant += delta


def csrf_of(uow_factory: UnitOfWorkFactory, client: TestClient) -> str:
    """The CSRF token of the session ``client`` is signed in with (as its pages carry it)."""
    with uow_factory() as uow:
        session = uow.users.session(digest(client.cookies[SESSION_COOKIE]))
    assert session is not None
    return session.csrf_secret

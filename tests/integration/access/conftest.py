"""Fixtures for the access tests: real users with real passwords, signed in for real.

Unlike ``client_as`` (which replaces sign-in), these go through the login
page, the session cookie, the CSRF token and API tokens.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from access_helpers import Person, sign_in
from fastapi.testclient import TestClient

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.services.access.sessions import actor_of
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

KIND_OF = {
    Role.CUSTOMER: "customer",
    Role.DISTRIBUTOR: "distributor",
    Role.DEALER: "dealer",
    Role.AGENT: "agent",
    Role.TECHNICIAN: "technician",
    Role.ADMIN: "admin",
}


@pytest.fixture
def person(uow_factory: UnitOfWorkFactory, runtime: Runtime) -> Any:
    """``person(role, account=None)``: an account of the role's kind and a user on it."""
    made: dict[str, int] = {}
    now = runtime.clock.now()

    def make(role: Role, account: str | None = None, direct: bool = False) -> Person:
        made[role] = made.get(role, 0) + 1
        code = account or f"{role.value.upper()}-{made[role]}"
        email = f"{role.value}{made[role]}@{code.lower()}.example"
        password = f"pw-{role.value}-{made[role]}-long"
        with uow_factory() as uow:
            if uow.accounts.get(code) is None:
                uow.accounts.upsert(
                    Account(
                        code, f"{code} name", KIND_OF[role], direct or role is Role.DISTRIBUTOR
                    ),
                    now,
                )
        new = NewUser(email, f"{role.value} {made[role]}", role.value, code, password)
        user = create_user(uow_factory, Actor.operator(), new, now)
        return Person(email=email, password=password, account=code, actor=actor_of(user))

    return make


@pytest.fixture
def browser(runtime: Runtime) -> Iterator[Any]:
    """``browser()``: a fresh client of the real app (its own cookie jar), with real sign-in."""
    with ExitStack() as stack:

        def make() -> TestClient:
            return stack.enter_context(TestClient(create_app(runtime)))

        yield make


@pytest.fixture
def signed_in(browser: Any) -> Any:
    """``signed_in(person)``: a browser with ``person`` signed in through the login page."""

    def make(who: Person) -> TestClient:
        client: TestClient = browser()
        response = sign_in(client, who.email, who.password)
        assert response.status_code == 303, response.text
        return client

    return make

"""Sign-in failures per account slow down (exponential, capped), never lock the account,
and mail its owner once after N; the streak lives in the rate limiter's own store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from access_helpers import advance, sign_in
from fastapi.testclient import TestClient

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Role
from warrantor.services.access.rate_limit import DatabaseLimiter, MovingWindowLimiter
from warrantor.services.access.settings import AuthSettings
from warrantor.services.access.sign_in_backoff import BackOffRules, account_key, streaks_for
from warrantor.services.uow import UnitOfWorkFactory

RULES = AuthSettings(
    login_rate_limit=1000,  # the per-address limit stays out of the way here
    login_free_failures=3,
    login_first_wait_s=2,
    login_max_wait_s=8,
    login_failures_mail_after=5,
)


def test_the_wait_doubles_after_the_free_failures_and_stops_at_the_cap() -> None:
    rules = BackOffRules(free_failures=3, first_wait_s=2, max_wait_s=8)

    assert [rules.wait_after(n) for n in range(8)] == [0, 0, 0, 2, 4, 8, 8, 8]
    assert rules.wait_after(10_000) == 8  # no overflow, however long the streak


@pytest.fixture
def browser_at(runtime: Runtime) -> Any:
    """``browser_at(address)``: a client of the app from ``address``, under ``RULES``."""
    from warrantor.app import create_app

    clients: list[TestClient] = []

    def make(address: str) -> TestClient:
        app = create_app(runtime)
        app.state.auth_settings = RULES
        clients.append(TestClient(app, client=(address, 40000)))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


def test_failures_from_many_addresses_slow_the_account_down_but_never_lock_it(
    person: Any, browser_at: Any, runtime: Runtime
) -> None:
    agent = person(Role.AGENT)
    statuses = [
        sign_in(browser_at(f"198.51.100.{n}"), agent.email, "wrong password").status_code
        for n in range(3)
    ]

    refused = sign_in(browser_at("198.51.100.9"), agent.email, agent.password)
    advance(runtime, timedelta(seconds=2))
    allowed = sign_in(browser_at("198.51.100.10"), agent.email, agent.password)

    assert statuses == [401, 401, 401]  # the free failures
    assert refused.status_code == 429  # even the right password waits its turn ...
    assert refused.headers["retry-after"] == "2"
    assert "failed sign-ins for this account" in refused.text
    assert allowed.status_code == 303  # ... and works once the wait is over


def test_each_failure_past_the_free_ones_doubles_the_wait(
    person: Any, browser_at: Any, runtime: Runtime
) -> None:
    agent = person(Role.AGENT)
    client = browser_at("203.0.113.5")
    waits = []
    for _ in range(6):
        answer = sign_in(client, agent.email, "wrong password")
        while answer.status_code == 429:
            waits.append(int(answer.headers["retry-after"]))
            advance(runtime, timedelta(seconds=waits[-1]))
            answer = sign_in(client, agent.email, "wrong password")
        assert answer.status_code == 401

    assert waits == [2, 4, 8]  # after the 3rd, 4th and 5th failure; the 6th also waits 8


def test_a_success_ends_the_streak(person: Any, browser_at: Any, runtime: Runtime) -> None:
    agent = person(Role.AGENT)
    client = browser_at("203.0.113.6")
    for _ in range(3):
        sign_in(client, agent.email, "wrong password")
    advance(runtime, timedelta(seconds=2))
    assert sign_in(client, agent.email, agent.password).status_code == 303

    again = [sign_in(browser_at("203.0.113.7"), agent.email, "nope").status_code for _ in range(3)]

    assert again == [401, 401, 401]  # free again


def test_an_unknown_email_slows_down_the_same_way(browser_at: Any) -> None:
    client = browser_at("203.0.113.8")
    statuses = [sign_in(client, "nobody@example.com", "guess").status_code for _ in range(4)]

    assert statuses == [401, 401, 401, 429]  # tells nothing about which e-mails have users


def test_the_owner_is_mailed_once_when_the_failures_reach_n(
    person: Any, browser_at: Any, runtime: Runtime, uow_factory: UnitOfWorkFactory
) -> None:
    agent = person(Role.AGENT)
    client = browser_at("203.0.113.9")
    for _ in range(7):
        answer = sign_in(client, agent.email, "wrong password")
        if answer.status_code == 429:
            advance(runtime, timedelta(seconds=int(answer.headers["retry-after"])))
            answer = sign_in(client, agent.email, "wrong password")
        assert answer.status_code == 401

    with uow_factory() as uow:
        mails = [m for m in uow.outbox.find() if m.topic == "account.sign_in_failures"]
    assert [(m.to_address, m.subject) for m in mails] == [
        (agent.email, "5 failed sign-ins to your Warrantor account")
    ]
    assert "stays open to you" in mails[0].body


@pytest.mark.parametrize("store", ["database", "memory"])
def test_a_streak_is_kept_in_the_limiters_own_store(
    uow_factory: UnitOfWorkFactory, store: str
) -> None:
    limiter = (
        DatabaseLimiter(uow_factory) if store == "database" else MovingWindowLimiter("memory://")
    )
    streaks = streaks_for(limiter, streak_s=86_400)
    key, now = account_key(" Ann@Example.com "), datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    counts = [streaks.add_failure(key, now + timedelta(seconds=n)) for n in range(3)]
    kept = streaks.read(key, now + timedelta(seconds=5))
    streaks.end(key, now + timedelta(seconds=6))

    assert counts == [1, 2, 3]
    assert (kept.failures, kept.last_at) == (3, now + timedelta(seconds=2))
    assert streaks.read(key, now + timedelta(seconds=7)).failures == 0
    assert account_key("ann@example.com") == key and "ann" not in key


def test_the_owners_mail_says_the_longest_wait_in_their_language(
    person: Any, browser_at: Any, runtime: Runtime, uow_factory: UnitOfWorkFactory
) -> None:
    """Issue #26: the mail was German with "up to 8 seconds" in English in it."""
    agent = person(Role.AGENT)
    with uow_factory() as uow:
        user = uow.users.by_email(agent.email)
        assert user is not None
        uow.users.set_locale(user.id, "de")
    client = browser_at("203.0.113.10")
    for _ in range(7):
        answer = sign_in(client, agent.email, "wrong password")
        if answer.status_code == 429:
            advance(runtime, timedelta(seconds=int(answer.headers["retry-after"])))
            answer = sign_in(client, agent.email, "wrong password")

    with uow_factory() as uow:
        [mail] = [m for m in uow.outbox.find() if m.topic == "account.sign_in_failures"]
    assert "8 Sekunden" in mail.body and "seconds" not in mail.body

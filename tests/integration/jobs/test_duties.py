"""The periodic duties, on both engines (issue #20, item 3): SLA escalation once, balance
settlement when due, the clean-up (never audit rows), and the polling loop's claim."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, NOW, request, seed
from sales_world import DIST, build
from sqlalchemy import func, insert, select

from rma_desk_steps import validate_after_first_contact
from warrantor.bootstrap import Runtime
from warrantor.jobs.duties import DutyContext
from warrantor.jobs.polling import run_round
from warrantor.services.clock import FixedClock
from warrantor.services.jobs.runs import run_if_due
from warrantor.services.rma.opening import open_rma
from warrantor.services.rma.sla_escalation import escalate_late_rmas
from warrantor.services.sales.payments import BankTransfer
from warrantor.services.sales.quotes import accept_quote, pay_quote, request_quote
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.duty_runs import DutyRunRepository
from warrantor.store.tables import accounts
from warrantor.store.tables_audit import audit_events
from warrantor.store.tables_auth import rate_limit_buckets, users, web_sessions
from warrantor.store.tables_outbox import outbox

LEADS = {"*": "lead@service.example"}


def at(runtime: Runtime, instant: datetime, **settings: Any) -> DutyContext:
    """The duties' context on the test's transaction, at ``instant``, with these settings."""
    changed = runtime.settings.model_copy(update={"service_centre_leads": LEADS, **settings})
    return DutyContext(dataclasses.replace(runtime, clock=FixedClock(instant), settings=changed))


def mail_to(uow_factory: UnitOfWorkFactory, address: str) -> list[Any]:
    with uow_factory() as uow:
        return [m for m in uow.outbox.find(limit=100) if m.to_address == address]


def test_an_rma_that_becomes_late_is_told_to_its_centres_lead_once(
    uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any
) -> None:
    seed(uow_factory, add_units)
    rma = open_rma(uow_factory, policy_book, ANN, request(), NOW)
    validate_after_first_contact(uow_factory, policy_book, AGENT, rma.id, NOW + timedelta(hours=1))
    before, late = NOW + timedelta(days=1), NOW + timedelta(days=10)

    on_time = escalate_late_rmas(uow_factory, leads=LEADS, desk_url="https://w.example", now=before)
    first = escalate_late_rmas(uow_factory, leads=LEADS, desk_url="https://w.example", now=late)
    again = escalate_late_rmas(uow_factory, leads=LEADS, desk_url="https://w.example", now=late)

    assert on_time.told == []
    assert first.told == [(f"#{rma.id}", "number", "lead@service.example")]
    assert again.told == []
    (message,) = mail_to(uow_factory, "lead@service.example")
    assert message.topic == "rma.sla_late"
    assert "is late: the RMA number was due" in message.subject
    assert f"https://w.example/desk/rmas/{rma.id}" in message.body


def test_a_late_rma_of_a_centre_without_a_lead_is_named_and_told_once_a_lead_is_set(
    uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any
) -> None:
    seed(uow_factory, add_units)
    rma = open_rma(uow_factory, policy_book, ANN, request(), NOW)
    validate_after_first_contact(uow_factory, policy_book, AGENT, rma.id, NOW + timedelta(hours=1))
    late = NOW + timedelta(days=10)

    unset = escalate_late_rmas(uow_factory, leads={}, desk_url="", now=late)
    centre = {rma.service_point: "centre-lead@service.example"}
    told = escalate_late_rmas(uow_factory, leads=centre, desk_url="", now=late)

    assert unset.told == [] and unset.without_lead == [rma.service_point]
    assert told.told == [(f"#{rma.id}", "number", "centre-lead@service.example")]


def test_the_settlement_duty_turns_a_balance_past_its_day_into_a_credit_note(
    uow_factory: UnitOfWorkFactory, policy_book: Any, runtime: Runtime
) -> None:
    world = build(uow_factory, policy_book)
    quote = request_quote(
        world.uow_factory,
        world.book,
        DIST,
        brand="QNAP",
        model="TS-453 Pro",
        quantity=2,
        years=2,
        now=NOW,
    )
    accept_quote(uow_factory, DIST, quote.id, NOW)
    pay_quote(uow_factory, AGENT, quote.id, BankTransfer(), "WIRE-9", NOW)

    early = run_round(at(runtime, NOW + timedelta(days=1)))
    late = run_round(at(runtime, NOW + timedelta(days=90)))

    assert early.ran["settle_balances"].startswith("0 balance(s)")
    assert late.ran["settle_balances"] == f"1 balance(s) settled as credit notes: {quote.id}"


def test_clean_up_removes_old_buckets_ended_sessions_and_delivered_mail_and_no_audit_row(
    uow_factory: UnitOfWorkFactory, runtime: Runtime, add_units: Any
) -> None:
    seed(uow_factory, add_units)  # the import writes audit rows
    old, recent = NOW - timedelta(days=40), NOW - timedelta(days=1)
    with uow_factory() as uow:
        c = uow.connection
        audit_rows = c.execute(select(func.count()).select_from(audit_events)).scalar_one()
        c.execute(
            insert(rate_limit_buckets),
            [
                {"key": "check:1", "window_start": old, "count": 3},
                {"key": "check:1", "window_start": recent, "count": 1},
            ],
        )
        account_id = c.execute(
            select(accounts.c.id).where(accounts.c.code == "CUST-ANN")
        ).scalar_one()
        user_id = c.execute(
            insert(users)
            .values(
                email="ann@example.com",
                name="Ann",
                role="customer",
                account_id=account_id,
                password_hash="x",
                active=True,
                created_at=old,
            )
            .returning(users.c.id)
        ).scalar_one()
        c.execute(
            insert(web_sessions),
            [
                _session(user_id, "ended", expires_at=old, last_seen_at=old),
                _session(user_id, "live", expires_at=NOW + timedelta(hours=1), last_seen_at=recent),
            ],
        )
        mail = [
            _mail(status="sent", sent_at=old),
            _mail(status="sent", sent_at=recent),
            _mail(status="failed", sent_at=None),
        ]
        c.execute(insert(outbox), mail)

    done = run_round(at(runtime, NOW, retention_days=30))

    summary = done.ran["clean_up"]
    assert "1 rate-limit bucket(s), 1 ended session(s), 1 delivered mail" in summary
    with uow_factory() as uow:
        c = uow.connection
        assert c.execute(select(rate_limit_buckets.c.window_start)).scalars().all() == [recent]
        assert c.execute(select(web_sessions.c.token_hash)).scalars().all() == ["live"]
        kept = sorted(c.execute(select(outbox.c.status)).scalars().all())
        assert kept == ["failed", "sent"]
        after = c.execute(select(func.count()).select_from(audit_events)).scalar_one()
        assert after >= audit_rows > 0


def _session(user_id: int, token: str, **instants: datetime) -> dict[str, Any]:
    return {
        "token_hash": token,
        "user_id": user_id,
        "csrf_secret": "c",
        "created_at": NOW - timedelta(days=50),
        **instants,
    }


def _mail(*, status: str, sent_at: datetime | None) -> dict[str, Any]:
    written = sent_at or NOW - timedelta(days=60)
    return {
        "topic": "rma.shipped",
        "reference": "R-1",
        "to_address": "a@example.com",
        "subject": "s",
        "body": "b",
        "status": status,
        "attempts": 1,
        "created_at": written,
        "next_attempt_at": written,
        "sent_at": sent_at,
    }


def test_a_duty_two_loops_see_due_at_once_runs_once_until_its_next_instant(
    uow_factory: UnitOfWorkFactory,
) -> None:
    calls: list[datetime] = []

    def work(instant: datetime) -> str:
        calls.append(instant)
        return "did it"

    clock = FixedClock(NOW)
    first = run_if_due(uow_factory, clock, "every_hour", "0 * * * *", work)
    second = run_if_due(uow_factory, clock, "every_hour", "0 * * * *", work)
    clock.instant = NOW.replace(minute=0) + timedelta(hours=1)
    next_hour = run_if_due(uow_factory, clock, "every_hour", "0 * * * *", work)

    assert (first, second, next_hour) == ("did it", None, "did it")
    assert len(calls) == 2
    with uow_factory() as uow:
        run = DutyRunRepository(uow.connection).get("every_hour")
    assert run is not None and (run.runs, run.outcome) == (2, "ok")


def test_a_failing_duty_is_recorded_failed_with_its_reason_and_raises(
    uow_factory: UnitOfWorkFactory,
) -> None:
    def work(instant: datetime) -> str:
        raise RuntimeError("the mail server's certificate expired")

    with pytest.raises(RuntimeError):
        run_if_due(uow_factory, FixedClock(NOW), "fragile", "0 * * * *", work)

    with uow_factory() as uow:
        run = DutyRunRepository(uow.connection).get("fragile")
    assert run is not None
    assert (run.outcome, run.failures) == ("failed", 1)
    assert run.summary == "RuntimeError: the mail server's certificate expired"


def test_an_idempotency_key_is_granted_once(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        keys = DutyRunRepository(uow.connection)
        granted = [keys.first_time("k-1", now=NOW), keys.first_time("k-1", now=NOW)]

    assert granted == [True, False]

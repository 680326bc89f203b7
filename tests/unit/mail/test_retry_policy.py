"""How long a message that could not be sent waits before its next try."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warrantor.services.outbox.sender import RetryPolicy

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_the_wait_doubles_after_each_failed_attempt() -> None:
    policy = RetryPolicy(max_attempts=10, first_delay=timedelta(minutes=2))

    waits = [policy.retry_at(attempts, NOW) for attempts in (1, 2, 3, 4)]

    assert waits == [NOW + timedelta(minutes=m) for m in (2, 4, 8, 16)]


def test_the_wait_never_exceeds_the_longest_delay() -> None:
    policy = RetryPolicy(
        max_attempts=30, first_delay=timedelta(minutes=2), max_delay=timedelta(hours=6)
    )

    assert policy.retry_at(20, NOW) == NOW + timedelta(hours=6)


def test_after_the_last_attempt_there_is_no_next_try() -> None:
    policy = RetryPolicy(max_attempts=3)

    assert policy.retry_at(2, NOW) is not None
    assert policy.retry_at(3, NOW) is None

"""The rate limiter's backends behind one interface: a batch of N counts N in one call,
over the limit is refused with when to retry, and the memory backend stays on the
embedded database. (Redis, shared by two processes: tests/integration/topology/.)"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pytest

from warrantor.errors import Unavailable
from warrantor.services.access.rate_limit import (
    DatabaseLimiter,
    Limit,
    MovingWindowLimiter,
    RateLimited,
    RateLimiter,
    RequestCount,
    memory_limiter,
    window_start,
)
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.settings import Settings
from warrantor.store.rate_limits import RateLimitRepository

NOW = datetime(2026, 11, 23, 12, 0, 15, tzinfo=UTC)


def checks(key: str, amount: int = 1, limit: int = 5) -> RequestCount:
    return RequestCount(key, Limit(limit, 60), NOW, "warranty checks", amount)


def assert_counts_n_then_refuses(limiter: RateLimiter) -> None:
    key = f"check:ip:{secrets.token_hex(4)}"
    limiter.hit(checks(key, amount=4))  # a batch of 4: one call
    limiter.hit(checks(key))
    with pytest.raises(RateLimited) as refused:
        limiter.hit(checks(key))
    assert 1 <= refused.value.retry_after <= 60
    assert "at most 5 every 60 seconds" in refused.value.message
    limiter.hit(checks(f"check:ip:{secrets.token_hex(4)}", amount=5))  # another client


def test_the_memory_limiter_counts_a_batch_as_its_lines_and_refuses_past_the_limit() -> None:
    assert_counts_n_then_refuses(memory_limiter(embedded_database=True))


def test_a_batch_larger_than_what_is_left_is_refused_whole_in_memory() -> None:
    limiter = memory_limiter(embedded_database=True)
    limiter.hit(checks("batcher", amount=3))
    with pytest.raises(RateLimited):
        limiter.hit(checks("batcher", amount=3))
    limiter.hit(checks("batcher", amount=2))  # the refused batch took nothing


def test_the_database_limiter_counts_on_the_database_it_writes_to(
    uow_factory: UnitOfWorkFactory,
) -> None:
    limiter = DatabaseLimiter(uow_factory)
    assert_counts_n_then_refuses(limiter)
    limiter.hit(checks("counted:here", amount=2))
    with uow_factory() as uow:  # adding nothing reads the window's count back
        assert (
            RateLimitRepository(uow.connection).hit("counted:here", window_start(NOW, 60), 0) == 2
        )


def test_a_memory_limiter_is_refused_outside_the_embedded_database() -> None:
    with pytest.raises(ValueError, match="embedded SQLite"):
        memory_limiter(embedded_database=False)
    with pytest.raises(ValueError, match="RATE_LIMIT_STORE=memory"):
        Settings(database_url="postgresql://db.example/w", rate_limit_store="memory")
    assert Settings(rate_limit_store="memory").effective_rate_limit_store == "memory"


def test_redis_is_the_store_when_a_redis_url_is_set_else_the_database() -> None:
    assert Settings(redis_url="redis://127.0.0.1:6379/0").effective_rate_limit_store == "redis"
    assert Settings().effective_rate_limit_store == "database"
    with pytest.raises(ValueError, match="needs WARRANTOR_REDIS_URL"):
        Settings(rate_limit_store="redis")


def test_an_unreachable_redis_refuses_with_unavailable_rather_than_letting_all_through() -> None:
    limiter = MovingWindowLimiter("redis://127.0.0.1:9/0?socket_connect_timeout=1")
    with pytest.raises(Unavailable, match="unreachable"):
        limiter.hit(checks("anyone"))
    assert limiter.check() is False

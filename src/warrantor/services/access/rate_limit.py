"""Use case: count a request against a limit shared by every server process.

One interface, ``RateLimiter.hit(request)``, used by every limited route
(the public check, the batch check, sign-in per address); a request carries
its ``amount`` (a batch of N serials counts N, in one call). Two backends
shared by all processes, one for the embedded database only:

- ``DatabaseLimiter``: fixed windows (e.g. 30 per minute) counted in the
  primary database (``store.rate_limits``), one atomic statement per hit, so
  the count is shared by all processes and survives a restart. A refused
  request still counts. The default.
- ``MovingWindowLimiter`` on Redis (``WARRANTOR_REDIS_URL``), through the
  ``limits`` library: a moving window (no burst of 2N across a window's
  edge), kept off the database. A refused request is not counted.
- ``MovingWindowLimiter`` in memory: one process only, so allowed only on the
  embedded SQLite default, when asked for (``WARRANTOR_RATE_LIMIT_STORE=memory``;
  ``memory_limiter`` refuses anything else).

Over the limit, ``RateLimited`` says when to come back.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from limits import RateLimitItemPerSecond
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from warrantor.errors import Said, Unavailable, WarrantorError
from warrantor.i18n.locales import N_
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.rate_limits import RateLimitRepository
from warrantor.telemetry.metrics import RATE_LIMIT_REFUSALS

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``count`` requests per ``window_seconds``."""

    count: int
    window_seconds: int


class RateLimited(WarrantorError):
    """Too many requests from one client in the current window (HTTP 429).

    Made only to refuse a request, so making one counts the refusal
    (``warrantor_rate_limit_refusals_total``, by ``limit``: what was limited)."""

    def __init__(self, message: str, retry_after: int, *, limit: str = "other") -> None:
        super().__init__(message)
        self.retry_after = retry_after
        RATE_LIMIT_REFUSALS.labels(limit).inc()


def window_start(now: datetime, window_seconds: int) -> datetime:
    """The start of the fixed window ``now`` falls in (windows are aligned to the epoch)."""
    elapsed = int((now - _EPOCH).total_seconds())
    return _EPOCH + timedelta(seconds=elapsed - elapsed % window_seconds)


LIMITED = (N_("warranty checks"), N_("sign-in attempts"))
"""What a limit counts, in words ("too many warranty checks from your address"): marked, so a
page says it in its reader's language; also the refusal metric's ``limit`` label."""


@dataclass(frozen=True, slots=True)
class RequestCount:
    """``amount`` requests (a batch counts each line) by one client, to count under ``limit``.

    ``doing`` names what is being limited, for the refusal ("warranty checks").
    Built by the entry point, which knows who the client is; counted by
    ``count_request``, or by a use case that counts in the same statement as
    its own read (the warranty check: ``services.installed_base.check``).
    """

    key: str
    limit: Limit
    now: datetime
    doing: str
    """One of ``LIMITED``: a marked word, translated where the refusal is shown."""
    amount: int = 1

    @property
    def window_start(self) -> datetime:
        return window_start(self.now, self.limit.window_seconds)

    def settle(self, buckets: RateLimitRepository, counted: int) -> None:
        """After counting: the first count of a window drops the key's older windows."""
        if counted == self.amount:
            buckets.forget_before(self.key, self.window_start)

    def enforce(self, counted: int) -> int:
        """``counted`` is the window's count including these requests: returns it, or raises
        ``RateLimited`` (naming what was being done and when to retry) when over the limit.

        Call it after the count is committed: a refused request still counts."""
        if counted > self.limit.count:
            ends = self.window_start + timedelta(seconds=self.limit.window_seconds)
            raise self.refusal((ends - self.now).total_seconds())
        return counted

    def refusal(self, seconds_left: float) -> RateLimited:
        """The refusal, naming what was being done, the limit and when to retry."""
        retry_after = max(1, math.ceil(seconds_left))
        too_many = N_(
            "too many %(doing)s from your address: at most %(count)s every %(window)s "
            "seconds; try again in %(seconds)s seconds"
        )
        said = Said(
            too_many,
            doing=Said(self.doing),  # a marked word: see ``LIMITED``
            count=self.limit.count,
            window=self.limit.window_seconds,
            seconds=retry_after,
        )
        return RateLimited(said, retry_after, limit=self.doing)


def count_request(
    uow_factory: UnitOfWorkFactory,
    key: str,
    limit: Limit,
    now: datetime,
    doing: str,
    amount: int = 1,
) -> int:
    """Count ``amount`` requests for ``key`` in their own unit of work; returns the
    window's count so far, or raises ``RateLimited`` when it is over ``limit``."""
    return count(uow_factory, RequestCount(key, limit, now, doing, amount))


def count(uow_factory: UnitOfWorkFactory, request: RequestCount) -> int:
    """``count_request`` for a ``RequestCount`` already built."""
    with uow_factory(single_statement=True) as uow:
        buckets = RateLimitRepository(uow.connection)
        counted = buckets.hit(request.key, request.window_start, request.amount)
        request.settle(buckets, counted)
    return request.enforce(counted)


class RateLimiter(Protocol):
    """Where the counts live; every limited route calls ``hit`` once per request."""

    def hit(self, request: RequestCount) -> None:
        """Count ``request.amount`` requests for ``request.key``; ``RateLimited`` when over."""
        ...


class DatabaseLimiter:
    """Fixed-window counts in the database ``uow_factory`` writes to (the primary).

    ``uow_factory`` is also what the public check may share one statement with
    (``services.installed_base.check``): only when reads go to the same database.
    """

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory

    def hit(self, request: RequestCount) -> None:
        count(self.uow_factory, request)


class MovingWindowLimiter:
    """Moving-window counts through the ``limits`` library, in Redis or in memory.

    ``storage_uri``: ``redis://host:6379/0`` (shared by every process) or
    ``memory://`` (this process only; see ``memory_limiter``). Keys are
    prefixed ``warrantor`` in Redis. If the store can't be reached, ``hit``
    raises ``Unavailable`` (503): limited routes refuse rather than go
    unlimited.
    """

    def __init__(self, storage_uri: str) -> None:
        self.storage_uri = storage_uri
        self._storage = storage_from_string(storage_uri, key_prefix="warrantor")
        self._limiter = MovingWindowRateLimiter(self._storage)

    @property
    def storage(self) -> Storage:
        """The ``limits`` store itself (sign-in streaks are kept there too)."""
        assert isinstance(self._storage, Storage)  # storage_from_string: never an async one
        return self._storage

    def hit(self, request: RequestCount) -> None:
        item = RateLimitItemPerSecond(request.limit.count, request.limit.window_seconds)
        try:
            if self._limiter.hit(item, request.key, cost=request.amount):
                return
            stats = self._limiter.get_window_stats(item, request.key)
        except Exception as error:  # the store's client raises its own connection errors
            raise Unavailable(
                f"the rate limiter's store is unreachable ({type(error).__name__}); "
                "try again shortly"
            ) from error
        raise request.refusal(stats.reset_time - time.time())

    def check(self) -> bool:
        """Whether the store answers (for readiness)."""
        try:
            return bool(self._storage.check())
        except Exception:  # a store that can't be reached is simply not ready
            return False


def memory_limiter(embedded_database: bool) -> MovingWindowLimiter:
    """A limiter in this process's memory: only for the embedded SQLite default, where
    one process serves and counting each check in the database file would serialise
    every check behind a write."""
    if not embedded_database:
        raise ValueError(
            "an in-memory rate limiter is allowed only on the embedded SQLite database: "
            "set WARRANTOR_REDIS_URL, or count in the database"
        )
    return MovingWindowLimiter("memory://")

"""Use case: count a request against a limit shared by every server process.

Fixed windows (e.g. 30 per minute): each request adds one to its key's
counter for the current window, in the database (``store.rate_limits``), in
one atomic statement, so the count is shared by all processes and survives a
restart. Over the limit, ``RateLimited`` says when to come back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from warrantor.errors import WarrantorError
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.rate_limits import RateLimitRepository

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``count`` requests per ``window_seconds``."""

    count: int
    window_seconds: int


class RateLimited(WarrantorError):
    """Too many requests from one client in the current window (HTTP 429)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def window_start(now: datetime, window_seconds: int) -> datetime:
    """The start of the fixed window ``now`` falls in (windows are aligned to the epoch)."""
    elapsed = int((now - _EPOCH).total_seconds())
    return _EPOCH + timedelta(seconds=elapsed - elapsed % window_seconds)


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
            retry_after = max(1, math.ceil((ends - self.now).total_seconds()))
            raise RateLimited(
                f"too many {self.doing} from your address: at most {self.limit.count} every "
                f"{self.limit.window_seconds} seconds; try again in {retry_after} seconds",
                retry_after,
            )
        return counted


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

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


def count_request(
    uow_factory: UnitOfWorkFactory,
    key: str,
    limit: Limit,
    now: datetime,
    doing: str,
    amount: int = 1,
) -> int:
    """Count ``amount`` requests for ``key`` (a batch counts each line); returns the
    window's count so far.

    Raises ``RateLimited`` (naming what was being done and when to retry) when
    the count is over ``limit``. Older windows of the key are dropped.
    """
    start = window_start(now, limit.window_seconds)
    with uow_factory(single_statement=True) as uow:
        buckets = RateLimitRepository(uow.connection)
        count = buckets.hit(key, start, amount)
        if count == amount:
            buckets.forget_before(key, start)
    if count > limit.count:
        ends = start + timedelta(seconds=limit.window_seconds)
        retry_after = max(1, math.ceil((ends - now).total_seconds()))
        raise RateLimited(
            f"too many {doing} from your address: at most {limit.count} every "
            f"{limit.window_seconds} seconds; try again in {retry_after} seconds",
            retry_after,
        )
    return count

"""The public warranty check's guard: a rate limit per client, shared by every process.

Anyone may check a serial (page and API), but not fast enough to walk
through serial numbers: each client gets ``check_rate_limit`` checks per
``check_rate_window_seconds``, counted by the runtime's limiter (the database
or Redis: ``services.access.rate_limit``). Anonymous clients are counted by
address, signed-in users by user; staff (who see every unit anyway) are not
counted. Over the limit: 429 with ``Retry-After``.

``check_publicly`` reads from the read side (``http.read_your_writes.reads_for``).
With no replica and the database limiter, the count and the read are one
statement on the primary (``services.installed_base.check``); otherwise the
count goes to the limiter (the primary, or Redis), never to the replica.
"""

from __future__ import annotations

from datetime import date

from fastapi import Request

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.http.actor import auth_settings
from warrantor.http.proxies import client_address
from warrantor.http.read_your_writes import reads_for
from warrantor.services.access.rate_limit import DatabaseLimiter, Limit, RequestCount
from warrantor.services.installed_base.check import CheckResult, check_serial


def public_check_count(
    request: Request, runtime: Runtime, actor: Actor | None, amount: int = 1
) -> RequestCount | None:
    """What to count for this client's ``amount`` checks; ``None`` for staff (not counted)."""
    if actor is not None and actor.is_staff:
        return None
    settings = auth_settings(request)
    key = f"check:user:{actor.user_id}" if actor else f"check:ip:{client_address(request)}"
    return RequestCount(
        key,
        Limit(settings.check_rate_limit, settings.check_rate_window_seconds),
        runtime.clock.now(),
        "warranty checks",
        amount,
    )


def count_public_check(
    request: Request, runtime: Runtime, actor: Actor | None, amount: int = 1
) -> None:
    """Count ``amount`` checks for this client; ``RateLimited`` when over the limit."""
    counting = public_check_count(request, runtime, actor, amount)
    if counting is not None:
        runtime.rate_limiter.hit(counting)


def check_publicly(
    request: Request,
    runtime: Runtime,
    actor: Actor | None,
    serial: str,
    on: date,
    brand: str | None = None,
) -> CheckResult:
    """Count this client's check, then decide ``serial`` on ``on`` from the read side."""
    counting = public_check_count(request, runtime, actor)
    one_statement = runtime.replica is None and isinstance(runtime.rate_limiter, DatabaseLimiter)
    if counting is not None and one_statement:
        return check_serial(
            runtime.uow_factory, runtime.book, serial, on, brand=brand, counting=counting
        )
    if counting is not None:
        runtime.rate_limiter.hit(counting)
    return check_serial(reads_for(request, runtime), runtime.book, serial, on, brand=brand)

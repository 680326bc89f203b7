"""The public warranty check's guard: a rate limit per client, shared by every process.

Anyone may check a serial (page and API), but not fast enough to walk
through serial numbers: each client gets ``check_rate_limit`` checks per
``check_rate_window_seconds``, counted in the database (``services.access.rate_limit``).
Anonymous clients are counted by address, signed-in users by user; staff
(who see every unit anyway) are not counted. Over the limit: 429 with
``Retry-After``.
"""

from __future__ import annotations

from fastapi import Request

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.http.actor import auth_settings
from warrantor.services.access.rate_limit import Limit, RequestCount, count


def client_address(request: Request) -> str:
    """The peer's address (behind a proxy, run uvicorn with ``--proxy-headers``)."""
    return request.client.host if request.client else "unknown"


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
        count(runtime.uow_factory, counting)

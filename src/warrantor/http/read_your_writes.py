"""Read-your-writes: after a client's own write, its reads go to the primary for a while.

When and why: with a replica configured, reads that tolerate lag go there
(``Runtime.reads``), and the replica may be a moment behind. A user who has
just changed something (a registration, a payment, an import, a desk step)
must see it on the next page, not the replica's older copy. So a successful
unsafe request (POST, PUT, PATCH, DELETE) gets a cookie naming until when
this client reads from the primary (``ReplicaReads.primary_for_a_while``:
the replica's allowed lag plus one check, after which the replica either
has the write or is too far behind to be read at all), and ``reads_for``
honours it.

A POST that only reads (the batch check, verifying an uploaded certificate)
calls ``reads_only(request)`` and sets no cookie. The cookie is not signed:
forging it only sends the forger's own reads to the primary. API clients
that read their own writes keep cookies, as a browser does.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warrantor.bootstrap import Runtime
from warrantor.services.uow import UnitOfWorkFactory

WROTE_COOKIE = "warrantor_wrote"
"""Holds the time (seconds since the epoch) until which this client reads from the primary."""

_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_READS_ONLY = "warrantor_reads_only"


def reads_only(request: Request) -> None:
    """Declare that this unsafe request wrote nothing (no read-your-writes cookie)."""
    setattr(request.state, _READS_ONLY, True)


def reads_for(request: Request, runtime: Runtime) -> UnitOfWorkFactory:
    """The units of work this request reads with: the replica side, or the primary while
    the request's client is within a while of its own write."""
    if runtime.replica is None:
        return runtime.uow_factory
    raw = request.cookies.get(WROTE_COOKIE)
    if raw is not None:
        try:
            until = float(raw)
        except ValueError:
            until = 0.0
        if runtime.clock.now().timestamp() < until:
            return runtime.uow_factory
    return runtime.reads


class ReadYourWritesMiddleware:
    """Sets ``WROTE_COOKIE`` on each successful unsafe response (when a replica is in use).

    Plain ASGI, not ``BaseHTTPMiddleware``: it only looks at the response's
    first message, and every request passes through it."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        replica = self.runtime.replica
        if scope["type"] != "http" or scope["method"] not in _UNSAFE or replica is None:
            await self.app(scope, receive, send)
            return

        async def send_marked(message: Message) -> None:
            wrote = (
                message["type"] == "http.response.start"
                and message["status"] < 400
                and not scope.get("state", {}).get(_READS_ONLY)
            )
            if wrote:
                seconds = replica.primary_for_a_while()
                until = self.runtime.clock.now().timestamp() + seconds
                cookie = (
                    f"{WROTE_COOKIE}={until:.3f}; Max-Age={max(1, round(seconds))}; "
                    "Path=/; HttpOnly; SameSite=Lax"
                )
                headers = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_marked)


def install_read_your_writes(app: FastAPI, runtime: Runtime) -> None:
    """Add the middleware that marks a client's writes (does nothing without a replica)."""
    app.add_middleware(ReadYourWritesMiddleware, runtime=runtime)

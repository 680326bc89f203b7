"""Which peers may say who the client is: the trusted reverse proxies, and no one else.

When and why: the public check and sign-in are rate-limited per client
address. Behind a reverse proxy every request comes from the proxy, which
names the real client in ``X-Forwarded-For``; but any client can send that
header too, and if it were believed from anyone, a client could pick the
address its limits are counted on (a new one per request). So the header is
believed only from the peers in ``WARRANTOR_TRUSTED_PROXIES`` (none by
default), and then only its last hop that is not itself a trusted proxy.

The app does this itself (uvicorn's ``ProxyHeadersMiddleware``, installed by
``create_app``), so every server runs it the same; ``warrantor serve`` turns
uvicorn's own proxy handling off, whose implicit default trusts loopback.
"""

from __future__ import annotations

from typing import Any, cast

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from warrantor.bootstrap import Runtime

UNKNOWN_CLIENT = "unknown"


def client_address(request: Request) -> str:
    """The client's address: the peer's, or, from a trusted proxy, the client it names."""
    return request.client.host if request.client else UNKNOWN_CLIENT


class TrustedProxiesMiddleware:
    """uvicorn's ``ProxyHeadersMiddleware`` over the runtime's ``trusted_proxy_list``, or
    nothing when it is empty. Built when the app serves its first request (Starlette
    builds its middleware then), so an app made only to list its routes reads no settings."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        trusted = runtime.settings.trusted_proxy_list
        self.app = app
        if trusted:  # uvicorn types the ASGI callables its own way; they are the same
            inner: Any = app
            self.app = cast(ASGIApp, ProxyHeadersMiddleware(inner, trusted_hosts=trusted))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def install_trusted_proxies(app: FastAPI, runtime: Runtime) -> None:
    """Believe ``X-Forwarded-For`` and ``X-Forwarded-Proto`` from the trusted peers only
    (``WARRANTOR_TRUSTED_PROXIES``: addresses, networks, or ``*``); with none, the headers
    change nothing. Install it last, so it is the outermost middleware and everything
    inside sees the client."""
    app.add_middleware(TrustedProxiesMiddleware, runtime=runtime)

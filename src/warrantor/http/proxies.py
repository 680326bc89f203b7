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

from fastapi import FastAPI, Request
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

UNKNOWN_CLIENT = "unknown"


def client_address(request: Request) -> str:
    """The client's address: the peer's, or, from a trusted proxy, the client it names."""
    return request.client.host if request.client else UNKNOWN_CLIENT


def install_trusted_proxies(app: FastAPI, trusted: list[str]) -> None:
    """Believe ``X-Forwarded-For`` and ``X-Forwarded-Proto`` from ``trusted`` peers only
    (addresses, networks, or ``*``); with none, the headers change nothing. Install it
    last, so it is the outermost middleware and everything inside sees the client."""
    if trusted:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=trusted)

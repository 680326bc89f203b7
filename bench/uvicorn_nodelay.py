"""``uvicorn`` with TCP_NODELAY on every connection, also with ``--workers N``.

Run exactly like the ``uvicorn`` command (``python bench/uvicorn_nodelay.py
--factory --workers 2 ... module:create_app``). The benchmarks serve both apps
through it.

Why: with ``--workers`` above 1, uvicorn 0.54 binds the listening socket itself
(``Config.bind_socket``) with ``proto`` 0; accepted sockets inherit it, and
asyncio only sets TCP_NODELAY when ``proto`` is ``IPPROTO_TCP``. Nagle's
algorithm then meets the client's delayed ACK and every keep-alive request
after the first waits ~40 ms on Linux (uvicorn issue #3149, open). A server with
one worker is not affected. This wrapper re-reads the bound socket from its
file descriptor, which fills in the real ``proto`` (6), before the workers
start; nothing else changes.
"""

from __future__ import annotations

import socket
import sys

import uvicorn.config
from uvicorn.main import main

_bind_socket = uvicorn.config.Config.bind_socket


def _bind_tcp_socket(self: uvicorn.config.Config) -> socket.socket:
    sock = _bind_socket(self)
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
        # socket(fileno=...) detects family, type and protocol from the descriptor.
        fixed = socket.socket(fileno=sock.detach())
        fixed.set_inheritable(True)
        return fixed
    return sock


uvicorn.config.Config.bind_socket = _bind_tcp_socket  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main())

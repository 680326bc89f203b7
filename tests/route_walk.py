"""The real app built for reading its routes only: nothing is opened and no request runs.

``create_app`` reads a few settings while it builds (trusted proxies, the public
URL for security headers), so the runtime it gets carries settings and nothing else.
"""

from __future__ import annotations

from types import SimpleNamespace

from fastapi import FastAPI

from warrantor.app import create_app
from warrantor.settings import Settings


def app_for_routes() -> FastAPI:
    """The app with every router mounted, for tests that walk its routes."""
    runtime = SimpleNamespace(settings=Settings(), tracing=None)  # what create_app reads
    return create_app(runtime=runtime)  # type: ignore[arg-type]

"""Error pages for browsers: a 403, 404, 405 or 500 as a page with the site's header.

The API answers every error as JSON (``http/errors.py`` maps errors to statuses,
in one place); a person who follows a stale link, types a wrong address or hits
a bug should get a page instead, with the header, their menu and the sign-out
button, and the same status. ``page_for_error`` is the hook the app hands to
``install_error_handlers``: it answers only requests a browser makes for a page
(not under ``/api``, ``Accept`` naming HTML) and leaves the rest to JSON.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from warrantor.domain.actors import Actor
from warrantor.errors import WarrantorError
from warrantor.http.actor import get_optional_actor
from warrantor.web.rendering import error_page, known_actor

NOT_PAGES = ("/api/", "/health/", "/metrics", "/static/")
"""Paths whose errors stay JSON (or plain) whatever the client accepts."""


def wants_page(request: Request) -> bool:
    """A browser asking for a page: not an API or machine path, and HTML accepted."""
    path = request.url.path
    if path.startswith(NOT_PAGES) or path == "/api":
        return False
    return "text/html" in request.headers.get("accept", "")


async def _actor_for(request: Request, status: int) -> Actor | None:
    """Who is signed in, for the header; never an error of its own (on a 500 only what this
    request already looked up is used: the database may be what failed)."""
    cached = known_actor(request)
    if cached is not None or status >= 500:
        return cached
    try:
        return await get_optional_actor(request)
    except WarrantorError:
        return None


async def page_for_error(request: Request, status: int, message: str) -> Response | None:
    """The error page for a browser's request, or ``None`` to answer JSON."""
    if not wants_page(request):
        return None
    actor = await _actor_for(request, status)
    return error_page(request, status, message, actor)

"""CSRF protection for cookie-signed-in requests (issue #6).

A browser sends the session cookie with any request, even one another site
makes it send; so every unsafe request (POST, PUT, PATCH, DELETE) signed in
by the cookie must also carry the session's CSRF token, which only our own
pages know: as the form field ``csrf_token`` or, for htmx, the header
``X-CSRF-Token`` (``base.html`` puts it in ``hx-headers`` on ``<body>``).
Requests signed in by ``Authorization: Bearer`` are exempt: a browser never
adds that header on its own.

The token is a per-session random secret, kept server-side with the
session; it reaches templates as ``request.state.csrf_token``.
"""

from __future__ import annotations

from fastapi import Request

from warrantor.services.access.secrets import same_secret

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

REFUSED = (
    "this form's security token (CSRF) is missing or out of date: "
    "reload the page and submit it again"
)


def needs_csrf(request: Request) -> bool:
    return request.method.upper() in UNSAFE_METHODS


async def sent_csrf_token(request: Request) -> str | None:
    """The token a request carries: the header, or a form field of a form-encoded body."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def csrf_ok(request: Request, expected: str) -> bool:
    """Whether the request carries the session's token."""
    return same_secret(await sent_csrf_token(request), expected)

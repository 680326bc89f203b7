"""The web session's cookie: set on sign-in, cleared on sign-out; and where to go next.

Who a request is comes from ``http.actor`` (``get_actor`` / ``get_optional_actor``);
portal pages declare ``web.access.PageActorDep`` and are sent to
``/login?next=...`` when nobody is signed in (``web.rendering.PageRoute``).
"""

from __future__ import annotations

from datetime import datetime

from fastapi import Request, Response

from warrantor.http.actor import SESSION_COOKIE, auth_settings
from warrantor.services.access.sessions import NewSession


def set_session_cookie(request: Request, response: Response, session: NewSession) -> None:
    """The session cookie: HTTP-only (no script reads it), SameSite=Lax, HTTPS-only if set."""
    now: datetime = request.app.state.runtime.clock.now()
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        max_age=max(1, int((session.expires_at - now).total_seconds())),
        httponly=True,
        samesite="lax",
        secure=auth_settings(request).cookie_secure,
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        httponly=True,
        samesite="lax",
        secure=auth_settings(request).cookie_secure,
        path="/",
    )


def safe_next(raw: str | None, default: str = "/") -> str:
    """Where to go after signing in: a path on this site only (never ``//evil`` or a URL)."""
    if not raw or not raw.startswith("/") or raw.startswith("//") or "\\" in raw:
        return default
    return raw

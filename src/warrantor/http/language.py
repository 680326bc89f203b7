"""The language of a request (issue #26): the reader's stored setting, else the chooser's
cookie, else the browser's ``Accept-Language``.

``RequestLanguage`` is an ASGI middleware: before anything else runs it sets
``i18n.locales.REQUEST_LOCALE`` from the cookie and the header (no database read), so a mail
the request causes is written in the requester's language when its recipient chose none; a
request that states no language we write (no header: an API client) sets none, and the
mail follows the recipient's account's country.
``page_locale`` is what a page is rendered in: it also knows the signed-in user's setting,
read with their session.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from babel.core import negotiate_locale
from fastapi import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from warrantor.i18n.locales import REQUEST_LOCALE, SUPPORTED, accepted, request_locale, supported

LANGUAGE_COOKIE = "warrantor_lang"
"""The language a visitor chose with the chooser (a signed-in user's is also stored)."""

LANGUAGE_COOKIE_DAYS = 365


def page_locale(request: Request) -> str:
    """The language ``request``'s page is written in."""
    session = getattr(request.state, "web_session", None)
    stored = getattr(session, "locale", None)
    return request_locale(
        stored if isinstance(stored, str) else None,
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    try:
        jar = SimpleCookie(raw)
    except Exception:  # a malformed Cookie header names no language
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


def stated_locale(chosen: str | None, header: str | None) -> str | None:
    """The language a request states: the chooser's cookie, else the first language of its
    ``Accept-Language`` we write (English too, when it asks for it); ``None`` when it states
    none we write (an API client sends no header). A page still falls back to English
    (``page_locale``); a mail the request causes falls back to the recipient's account's
    country instead (issue #26's rule), not to English."""
    preferred = [supported(tag) or tag.replace("-", "_") for tag in accepted(header)]
    return supported(chosen) or negotiate_locale(preferred, SUPPORTED)


class RequestLanguage:
    """Sets ``REQUEST_LOCALE`` for the rest of the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        locale = stated_locale(_cookie(scope, LANGUAGE_COOKIE), _header(scope, b"accept-language"))
        token = REQUEST_LOCALE.set(locale)
        try:
            await self.app(scope, receive, send)
        finally:
            REQUEST_LOCALE.reset(token)

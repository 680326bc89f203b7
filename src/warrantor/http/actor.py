"""Who is calling: turn a web session or an API token into an ``Actor`` (issue #6).

``get_actor`` is the one dependency every protected route declares (through
``deps.ActorDep``); tests of other areas replace it with
``app.dependency_overrides[get_actor]``. ``get_optional_actor`` is for routes
anyone may call but whose answer depends on who asks (the public coverage
check shows owner data only to those who may see the unit); ``get_actor``
builds on it, so overriding ``get_optional_actor`` signs in both.

Order: an ``Authorization: Bearer`` header wins (a wrong one is 401, never
"anonymous"); else the session cookie. An unsafe request signed in by the
cookie must carry the session's CSRF token (``http.csrf``), or it is 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.errors import NotAuthenticated, PermissionDenied
from warrantor.http.csrf import REFUSED, csrf_ok, needs_csrf
from warrantor.services.access.sessions import SessionInfo, session_for
from warrantor.services.access.settings import AuthSettings
from warrantor.services.access.tokens import actor_for_token

SESSION_COOKIE = "warrantor_session"

SIGN_IN = "sign in, or send an API token as 'Authorization: Bearer <token>'"


def auth_settings(request: Request) -> AuthSettings:
    """The app's sign-in settings (read once by the app factory)."""
    settings = getattr(request.app.state, "auth_settings", None)
    if not isinstance(settings, AuthSettings):
        settings = AuthSettings()
        request.app.state.auth_settings = settings
    return settings


def current_session(request: Request) -> SessionInfo | None:
    """The live web session the request's cookie names (looked up once per request).

    Also puts its CSRF token on ``request.state.csrf_token`` for templates.
    """
    if hasattr(request.state, "web_session"):
        cached: SessionInfo | None = request.state.web_session
        return cached
    token = request.cookies.get(SESSION_COOKIE)
    info = None
    if token:
        runtime: Runtime = request.app.state.runtime
        info = session_for(runtime.uow_factory, token, runtime.clock.now(), auth_settings(request))
    request.state.web_session = info
    if info is not None:
        request.state.csrf_token = info.csrf_token
    return info


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise NotAuthenticated("send the API token as 'Authorization: Bearer <token>'")
    return value.strip()


async def get_optional_actor(request: Request) -> Actor | None:
    """The signed-in actor, or ``None`` for an anonymous request."""
    secret = _bearer(request)
    runtime: Runtime = request.app.state.runtime
    if secret is not None:
        actor = await run_in_threadpool(
            actor_for_token, runtime.uow_factory, secret, runtime.clock.now()
        )
        if actor is None:
            raise NotAuthenticated("this API token is unknown, revoked or expired")
        request.state.actor = actor  # for the request's log line (http.request_log)
        return actor
    if SESSION_COOKIE not in request.cookies:
        return None  # anonymous: nothing to look up, so no hop to the thread pool
    info = await run_in_threadpool(current_session, request)
    if info is None:
        return None
    if needs_csrf(request) and not await csrf_ok(request, info.csrf_token):
        raise PermissionDenied(REFUSED)
    request.state.actor = info.actor  # for the request's log line (http.request_log)
    return info.actor


async def get_actor(
    actor: Annotated[Actor | None, Depends(get_optional_actor)],
) -> Actor:
    """The signed-in actor; ``NotAuthenticated`` (401) when there is none."""
    if actor is None:
        raise NotAuthenticated(SIGN_IN)
    return actor

"""Sign-in and sign-out pages (/login, /logout).

Sign-in has no session yet, so its form is protected by a double-submit
token instead: a random value in a cookie and the same in the form; another
site can make a browser post the form but can't read the cookie to fill it in.
Attempts are rate-limited per client address (``login_rate_limit``), and failures
slow down further attempts on the same account (``services.access.sign_in_backoff``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from warrantor.domain.actors import Actor
from warrantor.errors import NotAuthenticated
from warrantor.http.actor import SESSION_COOKIE, auth_settings, get_optional_actor
from warrantor.http.deps import RuntimeDep
from warrantor.http.proxies import client_address
from warrantor.http.request_guard import guarded_router
from warrantor.http.session import clear_session_cookie, safe_next, set_session_cookie
from warrantor.i18n.locales import N_
from warrantor.services.access.rate_limit import Limit, RateLimited, RequestCount
from warrantor.services.access.secrets import new_csrf_secret, same_secret
from warrantor.services.access.sessions import WRONG_LOGIN, sign_in, sign_out
from warrantor.services.access.sign_in_backoff import SignInBackOff
from warrantor.web import forms
from warrantor.web.rendering import nav_for, render

router = guarded_router(include_in_schema=False)

LOGIN_CSRF_COOKIE = "warrantor_login_csrf"
LABELS = {"email": "Email", "password": "Password"}
EXPIRED_FORM = N_("This sign-in form had expired. Please enter your email and password again.")
WRONG_LOGIN_SHOWN = N_("The email or password is wrong.")
"""The page's sentence for ``sessions.WRONG_LOGIN`` (marked: the form translates it)."""


def home_for(actor: Actor) -> str:
    """Where a role lands after signing in: the first page of its menu."""
    return nav_for(actor)[0].href


def _login_page(
    request: Request, form: forms.Form, next_url: str, status_code: int = 200
) -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_csrf_secret()
    context = {"form": form, "next": next_url, "login_token": token}
    response = render(request, "auth/login.html", context, None, status_code=status_code)
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=auth_settings(request).cookie_secure,
        path="/login",
    )
    return response


OptionalActor = Annotated[Actor | None, Depends(get_optional_actor)]


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, actor: OptionalActor, next: str = "") -> Response:
    """The sign-in form (someone already signed in goes straight on)."""
    if actor is not None:
        return RedirectResponse(safe_next(next, home_for(actor)), status_code=303)
    return _login_page(request, forms.Form.of({}, LABELS), safe_next(next, ""))


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    runtime: RuntimeDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
    login_token: Annotated[str, Form()] = "",
) -> Response:
    """Check the email and password; on success open a session and go on."""
    form = forms.Form.of({"email": email}, LABELS)
    next_url = safe_next(next, "")
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if expected is None or not same_secret(login_token, expected):
        form.add(EXPIRED_FORM)
        return _login_page(request, form, next_url, status_code=403)
    form.require("email")
    if not password:
        form.add("is required", "password")
    if not form.ok:
        return _login_page(request, form, next_url, status_code=422)
    settings = auth_settings(request)
    client = client_address(request)
    now = runtime.clock.now()
    back_off = SignInBackOff(runtime.rate_limiter, runtime.uow_factory, settings.sign_in_back_off)
    try:
        attempt = RequestCount(
            f"login:{client}",
            Limit(settings.login_rate_limit, settings.check_rate_window_seconds),
            now,
            "sign-in attempts",
        )
        runtime.rate_limiter.hit(attempt)
        back_off.before_attempt(email, now)
        session = sign_in(runtime.uow_factory, email, password, now, settings)
    except RateLimited as error:
        form.add(error.message)
        refused = _login_page(request, form, next_url, status_code=429)
        refused.headers["Retry-After"] = str(error.retry_after)
        return refused
    except NotAuthenticated as error:
        back_off.failed(email, now)
        shown = WRONG_LOGIN_SHOWN if error.message == WRONG_LOGIN else None
        form.add(shown or f"{error.message[0].upper()}{error.message[1:]}.")
        return _login_page(request, form, next_url, status_code=401)
    back_off.succeeded(email, now)
    response = RedirectResponse(safe_next(next_url, home_for(session.actor)), status_code=303)
    set_session_cookie(request, response, session)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, runtime: RuntimeDep, actor: OptionalActor) -> Response:
    """End this browser's session and go to the sign-in page.

    ``actor`` is resolved for its check: a signed-in POST without the session's
    CSRF token is refused (403), so another site can't sign a user out.
    """
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        sign_out(runtime.uow_factory, token)
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    clear_session_cookie(request, response)
    return response

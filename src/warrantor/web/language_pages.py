"""The language chooser and the user's settings page (issue #26).

``POST /language`` is the chooser every page's header carries (a form: the CSP forbids
inline script): it keeps the choice in a cookie and, for a signed-in user, as their stored
setting, then goes back to the page it came from. ``/my/settings`` is where a signed-in user
sees and changes their language (``None``: the browser's decides); the API's is
``/api/v1/me/settings``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput
from warrantor.http.actor import auth_settings, get_optional_actor
from warrantor.http.deps import RuntimeDep
from warrantor.http.language import LANGUAGE_COOKIE, LANGUAGE_COOKIE_DAYS
from warrantor.http.session import safe_next
from warrantor.services.access.language import chosen_locale, language_of, set_language
from warrantor.web import forms
from warrantor.web.access import PageActorDep
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

OptionalActor = Annotated[Actor | None, Depends(get_optional_actor)]

LABELS = {"locale": "Language"}


def _remember(request: Request, response: Response, locale: str | None) -> None:
    if locale is None:
        response.delete_cookie(LANGUAGE_COOKIE, path="/", samesite="lax")
        return
    response.set_cookie(
        LANGUAGE_COOKIE,
        locale,
        max_age=LANGUAGE_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=auth_settings(request).cookie_secure,
        path="/",
    )


@router.post("/language")
def choose_language(
    request: Request,
    runtime: RuntimeDep,
    actor: OptionalActor,
    locale: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """The chooser: pages in ``locale`` from now on (stored too when someone is signed in).
    A language we do not write is refused on a page naming the ones we do."""
    chosen = chosen_locale(locale)
    if actor is not None and actor.user_id is not None:
        set_language(runtime.uow_factory, actor, chosen)
    response = see_other(safe_next(next))
    _remember(request, response, chosen)
    return response


def _settings_page(
    request: Request, actor: Actor, form: forms.Form, stored: str | None, status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "my/settings.html",
        {"form": form, "stored": stored},
        actor,
        status_code=status_code,
    )


@router.get("/my/settings", response_class=HTMLResponse)
def settings_page(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The signed-in user's settings: their language."""
    stored = language_of(runtime.uow_factory, actor)
    form = forms.Form.of({"locale": stored or ""}, LABELS)
    return _settings_page(request, actor, form, stored)


@router.post("/my/settings", response_class=HTMLResponse)
def save_settings(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    locale: Annotated[str, Form()] = "",
) -> Response:
    """Store the user's language (empty: let the browser decide)."""
    form = forms.Form.of({"locale": locale}, LABELS)
    try:
        stored = set_language(runtime.uow_factory, actor, locale)
    except InvalidInput as error:
        form.fail(error)
        return _settings_page(request, actor, form, None, status_code=422)
    response = see_other("/my/settings?saved=1")
    _remember(request, response, stored)
    return response

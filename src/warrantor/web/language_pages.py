"""The language chooser, the user's settings page and their browser's time zone (issue #26).

``POST /language`` is the chooser every page's header carries (a form: the CSP forbids
inline script): it keeps the choice in a cookie and, for a signed-in user, as their stored
setting, then goes back to the page it came from. ``/my/settings`` is where a signed-in user
sees and changes their language (``None``: the browser's decides) and time zone; the API's
is ``/api/v1/me/settings``. ``POST /my/time-zone`` is where a page's same-origin script
(``static/time-zone.js``) reports the browser's zone for a user who has none yet.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.status import HTTP_204_NO_CONTENT

from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput
from warrantor.http.actor import auth_settings, get_optional_actor
from warrantor.http.deps import RuntimeDep
from warrantor.http.language import LANGUAGE_COOKIE, LANGUAGE_COOKIE_DAYS
from warrantor.http.session import safe_next
from warrantor.i18n.times import known_zones
from warrantor.services.access.language import chosen_locale, language_of, set_language
from warrantor.services.access.time_zone import (
    chosen_time_zone,
    report_browser_time_zone,
    set_time_zone,
    time_zone_of,
)
from warrantor.web import forms
from warrantor.web.access import PageActorDep
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

OptionalActor = Annotated[Actor | None, Depends(get_optional_actor)]

LABELS = {"locale": "Language", "time_zone": "Time zone"}


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
        {"form": form, "stored": stored, "zones": sorted(known_zones())},
        actor,
        status_code=status_code,
    )


@router.get("/my/settings", response_class=HTMLResponse)
def settings_page(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The signed-in user's settings: their language."""
    stored = language_of(runtime.uow_factory, actor)
    zone = time_zone_of(runtime.uow_factory, actor)
    form = forms.Form.of({"locale": stored or "", "time_zone": zone or ""}, LABELS)
    return _settings_page(request, actor, form, stored)


@router.post("/my/settings", response_class=HTMLResponse)
def save_settings(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    locale: Annotated[str, Form()] = "",
    time_zone: Annotated[str, Form()] = "",
) -> Response:
    """Store the user's language (empty: let the browser decide) and time zone (empty: the
    service centre's until their browser reports one); neither is stored if one is wrong."""
    form = forms.Form.of({"locale": locale, "time_zone": time_zone}, LABELS)
    try:
        chosen_locale(locale)
        chosen_time_zone(time_zone)
        stored = set_language(runtime.uow_factory, actor, locale)
        set_time_zone(runtime.uow_factory, actor, time_zone)
    except InvalidInput as error:
        form.fail(error)
        return _settings_page(request, actor, form, None, status_code=422)
    response = see_other("/my/settings?saved=1")
    _remember(request, response, stored)
    return response


@router.post("/my/time-zone")
def report_time_zone(
    runtime: RuntimeDep, actor: PageActorDep, time_zone: Annotated[str, Form()] = ""
) -> Response:
    """The browser's zone, from ``static/time-zone.js``: stored when the user has none (a
    zone they chose stays); 204, or 422 naming ``time_zone`` for a name no zone has."""
    report_browser_time_zone(runtime.uow_factory, actor, time_zone)
    return Response(status_code=HTTP_204_NO_CONTENT)

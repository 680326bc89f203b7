"""How a portal page is answered: the template, the signed-in actor, the role's nav.

Portal routers stay thin: they call a service, then ``render`` a template with
what it returned. An htmx request (``HX-Request``) gets the partial template
when one is given, so queues refresh and inline actions swap a fragment; a
plain request gets the whole page, so everything also works without
JavaScript. A service error a page does not handle itself becomes an HTML
error page with the same status the API would answer (``error_page``), keeping
the header and the signed-in person's menu.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from warrantor.domain.actors import Actor, Role
from warrantor.errors import NotAuthenticated, WarrantorError
from warrantor.http.errors import error_body
from warrantor.http.language import page_locale
from warrantor.http.request_guard import GuardedRoute
from warrantor.http.time_zone import reader_zones
from warrantor.i18n.locales import N_
from warrantor.views import names
from warrantor.web.page_templates import templates_for


@dataclass(frozen=True, slots=True)
class NavItem:
    href: str
    text: str


_NAV: dict[Role, tuple[NavItem, ...]] = {
    Role.CUSTOMER: (
        NavItem("/my", N_("My products")),
        NavItem("/my/register", N_("Register a product")),
        NavItem("/my/rmas", N_("My RMAs")),
        NavItem("/my/help", N_("Help requests")),
    ),
    Role.DEALER: (NavItem("/my/rmas", N_("RMAs")),),
    Role.DISTRIBUTOR: (
        NavItem("/distributor", N_("Quotes and orders")),
        NavItem("/distributor/quotes/new", N_("Ask for a quote")),
    ),
    Role.AGENT: (
        NavItem("/desk", N_("Service desk")),
        NavItem("/desk/receive", N_("Receive a parcel")),
        NavItem("/reports", N_("Reports")),
    ),
    Role.TECHNICIAN: (
        NavItem("/desk", N_("Service desk")),
        NavItem("/desk/receive", N_("Receive a parcel")),
    ),
    Role.ADMIN: (
        NavItem("/desk", N_("Service desk")),
        NavItem("/admin", N_("Admin")),
        NavItem("/admin/policies", N_("Policies")),
        NavItem("/admin/prices", N_("Price lists")),
        NavItem("/admin/users", N_("Users")),
        NavItem("/admin/audit", N_("Audit trail")),
        NavItem("/reports", N_("Reports")),
    ),
}


def nav_for(actor: Actor | None) -> tuple[NavItem, ...]:
    """The links a role's pages show in the header (the public check is always there)."""
    public = (NavItem("/", N_("Check a warranty")),)
    if actor is None:
        return public
    return _NAV.get(actor.role, ()) + public


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def csrf_token_for(request: Request) -> str:
    """The CSRF token forms and htmx requests must send back (empty until one is issued)."""
    token = getattr(request.state, "csrf_token", "")
    return token if isinstance(token, str) else ""


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    actor: Actor | None = None,
    *,
    partial: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The page (or, for an htmx request, ``partial``) rendered for ``actor``."""
    name = partial if partial and is_htmx(request) else template
    locale = page_locale(request)
    zones = reader_zones(request)
    full = {
        "actor": actor,
        "nav": nav_for(actor),
        "csrf_token": csrf_token_for(request),
        "path": request.url.path,
        "names": names.Names(request.app.state.runtime.book),
        "time_zone": zones.reader,
        "centre_time_zone": zones.centre,
        "ask_time_zone": zones.ask_browser,
        **context,
    }
    templates = templates_for(locale)
    response = templates.TemplateResponse(request, name, full, status_code=status_code)
    response.headers["Content-Language"] = locale.replace("_", "-")
    response.headers.setdefault("Vary", "Accept-Language, Cookie")
    return response


ERROR_TITLES = {
    401: N_("Please sign in"),
    403: N_("Not allowed"),
    404: N_("Page not found"),
    405: N_("Not allowed here"),
    409: N_("Conflict"),
    429: N_("Please wait"),
    500: N_("Something went wrong"),
    503: N_("Not available just now"),
}

ERROR_HELP = {
    403: N_("Your account may not open this page. Sign in as someone who may, or go back."),
    404: N_("There is no page at this address. Check it, or start from one of the links above."),
    500: N_(
        "The error has been logged. Try again in a moment; if it keeps happening, tell us "
        "what you were doing."
    ),
}


def known_actor(request: Request) -> Actor | None:
    """The actor this request's session already named, if it was looked up (no new lookup:
    an error page must not fail on the database that may have failed)."""
    session = getattr(request.state, "web_session", None)
    actor = getattr(session, "actor", None)
    return actor if isinstance(actor, Actor) else None


def error_page(request: Request, status: int, message: str, actor: Actor | None) -> HTMLResponse:
    """An error as a page, with the header and ``actor``'s menu: ``status``'s title, the
    message (Starlette's bare "Not Found" left out) and what to do next."""
    context = {
        "title": ERROR_TITLES.get(status, N_("Cannot do that")),
        "message": "" if message in ("Not Found", "Method Not Allowed") else message,
        "help": ERROR_HELP.get(status, ""),
        "status": status,
    }
    return render(request, "error.html", context, actor, status_code=status)


def see_other(url: str) -> RedirectResponse:
    """After a successful POST: go to the page showing the result (Post/Redirect/Get)."""
    return RedirectResponse(url, status_code=303)


class PageRoute(GuardedRoute):
    """A portal route: a service error becomes an HTML page, no login a trip to /login.

    The API answers errors as JSON (``http/errors.py``); a person at a page
    should get a page instead, with the same status code, and an anonymous
    visitor the sign-in page with a way back here.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except NotAuthenticated:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
            except WarrantorError as error:
                status, body = error_body(error)
                return error_page(request, status, body["error"]["message"], known_actor(request))

        return handle


def page_router() -> APIRouter:
    """A router for portal pages (HTML; left out of the API's OpenAPI document)."""
    return APIRouter(route_class=PageRoute, include_in_schema=False)

"""The page templates, one environment per language (issue #26).

Each language has its own Jinja environment with Jinja's i18n extension and that
language's catalogue installed (``install_gettext_translations``), and filters that write
names, days and money in it. One environment per language, rather than one whose
catalogue is swapped per request, keeps concurrent requests in different languages apart.
Templates mark text with ``_("...")`` (or ``{% trans %}``); ``make messages`` extracts it.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from starlette.datastructures import URL, URLPath
from starlette.requests import Request

from warrantor.certificates.revocation_words import revocation_said
from warrantor.domain.money import minor_digits
from warrantor.domain.workshop import StoredDecision
from warrantor.i18n import formats, times
from warrantor.i18n.decisions import fact_error_said
from warrantor.i18n.locales import LANGUAGE_NAMES, N_, SUPPORTED, translations
from warrantor.i18n.sentences import localised, read_back
from warrantor.i18n.times import UTC_NAME
from warrantor.policy.missing_words import NEEDED
from warrantor.services.rma.timeline_reasons import actor_said, flag_said, said_again
from warrantor.views import names
from warrantor.views.coverage import CoverageAnswer
from warrantor.views.coverage_plain import (
    PlainAnswer,
    PlainDecision,
    plain_answer,
    plain_citations,
    plain_decision,
)
from warrantor.views.rma_next_step import what_happens_next
from warrantor.views.rmas import RmaOut

DIRECTORY = Path(__file__).resolve().parent / "templates"

SHOWN_WORDS = (
    # roles, as an error page names the signed-in person's
    N_("customer"),
    N_("distributor"),
    N_("dealer"),
    N_("agent"),
    N_("technician"),
    N_("admin"),
    # a TBW limit's status (views.coverage)
    N_("not verified"),
    N_("within limit"),
    N_("limit reached"),
    # who pays a shipping leg (policy.rma_desk.payer_words: the policy layer is below i18n)
    N_("you (the customer)"),
    N_("the maker"),
    N_("not stated by the policy; ask the service point"),
    # a certificate's verdict (views.certificates' statuses, capitalised)
    N_("Valid"),
    N_("Revoked"),
    N_("Forged"),
    N_("Unknown"),
    N_("Unsigned pdf"),
)
"""Words that reach a page as data, not as template text: marked here for the catalogues,
translated where a template shows them (``_(word)``)."""


def html_lang(locale: str) -> str:
    """A locale as HTML's ``lang`` writes it (``zh_Hans`` -> ``zh-Hans``)."""
    return locale.replace("_", "-")


@cache
def templates_for(locale: str) -> Jinja2Templates:
    """The templates of ``locale`` (one of ``SUPPORTED``), made once."""
    env = Environment(
        loader=FileSystemLoader(DIRECTORY),
        autoescape=select_autoescape(),
        extensions=["jinja2.ext.i18n"],
    )
    catalogue = translations(locale)
    env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
    tr = catalogue.gettext

    def money(minor: int, currency: str) -> str:
        return formats.money(minor, currency, minor_digits(currency), locale)

    def plain(answer: CoverageAnswer, line_name: str = "") -> PlainAnswer:
        return plain_answer(answer, line_name, locale)

    def decision(stored: StoredDecision) -> PlainDecision:
        return plain_decision(stored, locale)

    def next_step(rma: RmaOut) -> str:
        return what_happens_next(rma, locale)

    @pass_context
    def localise(context: Context, value: object) -> str:
        """A marked word (a state's name, an error's title) or a sentence made with values
        (``errors.Said``: its template translated, then its values filled in the reader's way,
        instants on the reader's clock); anything else shown as given. Escaped like any value
        (``_(value)`` would mark it safe HTML and %-format it)."""
        zone = context.get("time_zone") or UTC_NAME
        return localised(value if isinstance(value, str) else str(value), locale, zone)

    @pass_context
    def step_reason(context: Context, reason: str, event: str) -> str:
        """A timeline step's stored reason: a sentence the system wrote in the reader's
        language (``services.rma.timeline_reasons``), anything typed shown as given."""
        return localise(context, said_again(reason, event))

    @pass_context
    def instant(context: Context, value: datetime | None, seconds: bool = False) -> str:
        """An instant on the reader's clock, the zone named (empty for none)."""
        zone = context.get("time_zone") or UTC_NAME
        return times.instant(value, zone, locale, seconds=seconds) if value else ""

    @pass_context
    def centre_instant(context: Context, value: datetime | None) -> str:
        """An instant on the service centre's clock (staff pages' due times)."""
        zone = context.get("centre_time_zone") or UTC_NAME
        return times.instant(value, zone, locale) if value else ""

    @pass_context
    def day(
        context: Context,
        value: date | None,
        zone: str | None = None,
        named: bool = False,
    ) -> str:
        """A calendar day as ``locale`` writes it; an instant's day is the day on the reader's
        calendar (or ``zone``'s: a staff page's RMA in its centre's), the zone named with
        ``named`` (empty for none)."""
        if isinstance(value, datetime):
            at = zone or context.get("time_zone") or UTC_NAME
            return times.instant_day(value, at, locale, named=named)
        return formats.day(value, locale)

    @pass_context
    def day_of(context: Context, value: datetime | None, zone: str | None = None) -> date | None:
        """The calendar day of an instant on the reader's calendar (or ``zone``'s), as a
        date (staff tables print it as 2026-12-08)."""
        at = zone or context.get("time_zone") or UTC_NAME
        return times.day_of(value, at) if value else None

    filters: dict[str, Any] = {
        "tr": localise,
        "step_reason": step_reason,
        "actor": lambda label: localised(actor_said(label), locale),
        "flag": lambda reason: localised(flag_said(reason), locale),
        "revocation": lambda reason: localised(revocation_said(reason), locale),
        # what a stored decision still needs (``policy.missing_words``), else as given
        "needed": lambda why: localised(read_back(why, NEEDED) or why, locale),
        # why the engine can't judge a fact (``policy.decision_words``), else as given
        "fact_error": lambda message: localised(fact_error_said(message), locale),
        "rma_state": lambda state: tr(names.rma_state(state)),
        "order_state": lambda state: tr(names.order_state(state)),
        "coverage_kind": lambda kind: tr(names.coverage_kind(kind)),
        "day": day,
        "day_of": day_of,
        "instant": instant,
        "centre_instant": centre_instant,
        "number": lambda value: formats.number(value, locale),
        # a list in prose, joined as the language joins one ("a, b and c"; "or": a choice)
        "listing": lambda items, kind="standard": formats.listing(items, locale, kind),
        "file_size": lambda size: formats.file_size(size, locale),
        "money": money,
        "next_step": next_step,
        "plain": plain,
        "plain_decision": decision,
        "plain_citations": plain_citations,
    }
    env.filters.update(filters)
    env.globals.update(
        locale=locale,
        html_lang=html_lang(locale),
        languages=[(code, LANGUAGE_NAMES[code]) for code in SUPPORTED],
        url_for=url_for,  # Starlette's Jinja2Templates keeps a url_for already given
    )
    return Jinja2Templates(env=env)


@pass_context
def url_for(context: Context, name: str, /, **path_params: Any) -> URL:
    """Starlette's ``url_for`` for templates, each route's path looked up once per app
    (kept in ``app.state``; an app's routes are fixed once it is made): the layout's static
    files walked every route of the app on every page."""
    request: Request = context["request"]
    router: Any = request.scope.get("router") or request.scope.get("app")
    key: tuple[str, tuple[tuple[str, Any], ...]] | None = (name, tuple(sorted(path_params.items())))
    paths: dict[Any, URLPath] | None = getattr(request.app.state, "template_paths", None)
    if paths is None:
        paths = request.app.state.template_paths = {}
    try:
        path = paths.get(key)
    except TypeError:  # a parameter that cannot be a key: looked up as Starlette does
        path, key = None, None
    if path is None:
        path = router.url_path_for(name, **path_params)
        if key is not None and len(paths) < 1024:
            paths[key] = path
    return path.make_absolute_url(base_url=request.base_url)

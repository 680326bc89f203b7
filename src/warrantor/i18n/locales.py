"""Which language a reader gets, and its catalogue of translations (issue #26).

English is the source language: the templates and the code are written in it, and
``gettext`` answers a string unchanged where a catalogue has no translation. Simplified
Chinese (``zh_Hans``) and German (``de``) have catalogues under ``locale/<code>/LC_MESSAGES``;
they are read from their ``.po`` files and compiled in memory once per process, so no
compiled ``.mo`` file is committed or built (one less thing to get out of date).

The language of a request: the signed-in user's stored setting, else the chooser's cookie,
else the browser's ``Accept-Language`` (negotiated with Babel's ``negotiate_locale``), else
English. ``REQUEST_LOCALE`` carries it to whatever the request causes, such as a mail to
someone who has no setting of their own.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.core import Locale, UnknownLocaleError, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from warrantor.errors import N_ as N_  # the marker, defined below every layer

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

ENGLISH = "en"
SUPPORTED: tuple[str, ...] = ("en", "zh_Hans", "de")
"""The languages pages and mails are written in, the source language first."""

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh_Hans": "简体中文", "de": "Deutsch"}
"""Each language by its own name, as the chooser shows it."""

COUNTRY_LANGUAGES: dict[str, str] = {
    "CN": "zh_Hans",
    "SG": "zh_Hans",
    "DE": "de",
    "AT": "de",
    "CH": "de",
    "LI": "de",
}
"""The language of an account's country, for mail to someone who never chose one."""

REQUEST_LOCALE: ContextVar[str | None] = ContextVar("warrantor_request_locale", default=None)
"""The language of the request being served (``None`` outside a request)."""


def supported(code: str | None) -> str | None:
    """``code`` as one of ``SUPPORTED`` (``zh-hans``, ``zh_CN``, ``de-AT`` are accepted), or
    ``None`` when it names no language we write."""
    if not code or not code.strip():
        return None
    text = code.strip().replace("-", "_")
    try:
        parsed = Locale.parse(text)
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    if parsed.language == "zh":
        return "zh_Hans"
    return parsed.language if parsed.language in SUPPORTED else None


def accepted(header: str | None) -> list[str]:
    """The languages of an ``Accept-Language`` header, most wanted first (``q=0`` left out)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag.strip() and tag.strip() != "*" and quality > 0:
            ranked.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(header: str | None) -> str:
    """The language to answer an ``Accept-Language`` header in (English when none fits)."""
    preferred = [supported(tag) or tag.replace("-", "_") for tag in accepted(header)]
    return negotiate_locale(preferred, SUPPORTED) or ENGLISH


def request_locale(stored: str | None, chosen: str | None, header: str | None) -> str:
    """A request's language: the user's stored setting, the chooser's cookie, the browser's."""
    return supported(stored) or supported(chosen) or negotiate(header)


def country_locale(country: str | None) -> str:
    """The language of a country (ISO 3166 alpha-2) for mail; English for the rest."""
    return COUNTRY_LANGUAGES.get((country or "").strip().upper(), ENGLISH)


def catalogue_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(locale: str) -> NullTranslations:
    """The catalogue of ``locale`` (English: none, every string stays as written)."""
    path = catalogue_path(locale)
    if locale == ENGLISH or not path.is_file():
        return NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=locale, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(message: str, locale: str) -> str:
    """``message`` in ``locale`` (as written where the catalogue has no translation)."""
    return translations(locale).gettext(message)

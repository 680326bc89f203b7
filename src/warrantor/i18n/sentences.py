"""Sentences with values in them, in the reader's language (issue #26).

A service builds a sentence that names a serial, a number of seconds or a zone as an
``errors.Said``: a template marked with ``N_`` and the values beside it; the string itself is
the English sentence the API answers. A page or a mail calls :func:`localised`: the template
is translated first (``gettext``), then the values are filled in, each written the reader's
way: a number with the language's separators, a sum of money as the language writes it
(``domain.money.Money``), a day as the language writes it, an instant
on the reader's clock with its zone named, a list as the language lists alternatives
("1, 2 oder 3", "1、2或3"), a marked word (a ``Said`` without values) or a code's name
(``errors.Named``) translated. Everything else (a serial, a brand, a zone's name, a reason
someone typed) is data and shown as given.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from babel.lists import format_list

from warrantor.domain.money import Money, minor_digits
from warrantor.errors import Named, Said
from warrantor.i18n import formats, times
from warrantor.i18n.locales import ENGLISH, gettext

log = logging.getLogger(__name__)


def localised(text: str, locale: str, zone: str = times.UTC_NAME) -> str:
    """``text`` in ``locale``: a ``Said``'s template translated, then its values filled in as
    ``locale`` writes them (instants on ``zone``'s clock); any other string translated where
    the catalogue has it (a marked word), else shown as given."""
    if not isinstance(text, Said):
        return gettext(str(text), locale)
    if not text.values:
        return gettext(text.template, locale)
    values = {name: written(value, locale, zone) for name, value in text.values.items()}
    translated = gettext(text.template, locale)
    try:
        return translated % values
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
        log.error("the %s translation of %r does not fill in its values", locale, text.template)
        return text.template % values


def written(value: object, locale: str, zone: str = times.UTC_NAME) -> str:
    """One value of a sentence as ``locale`` writes it (see the module's docstring)."""
    if isinstance(value, Said):
        return localised(value, locale, zone)
    if isinstance(value, Named):  # a code: its marked name, translated
        return gettext(value.name, locale)
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return formats.number(value, locale)
    if isinstance(value, Money):
        return formats.money(value.minor, value.currency, minor_digits(value.currency), locale)
    if isinstance(value, datetime):
        return times.instant(value, zone, locale)
    if isinstance(value, date):
        return formats.day(value, locale)
    if isinstance(value, list | tuple):
        shown = [written(v, locale, zone) for v in value]
        if locale == ENGLISH or len(shown) < 2:
            return ", ".join(shown)
        return format_list(shown, style="or", locale=locale)
    return str(value)


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def read_back(
    text: str,
    templates: Iterable[str],
    patterns: Mapping[str, str] | None = None,
    value: Callable[[str, str], object] | None = None,
) -> Said | None:
    """``text`` as the ``Said`` it was written as: the first of ``templates`` it is, whole,
    with its values read back (``value(name, text)``; else the text); ``None`` for none.

    For English stored as text (a timeline's reason, what a stored decision still needs),
    so a page can show it in its reader's language. A placeholder matches any text, or
    ``patterns[name]`` (a regular expression: a day, a price)."""
    for template in templates:
        found = _compiled(template, tuple(sorted((patterns or {}).items()))).fullmatch(text)
        if found is not None:
            parts = found.groupdict()
            values = {n: value(n, t) if value else t for n, t in parts.items()}
            return Said(template, **values)
    return None


@cache
def _compiled(template: str, patterns: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    wanted, parts, at = dict(patterns), [], 0
    for placeholder in _PLACEHOLDER.finditer(template):
        name = placeholder.group(1)
        parts.append(re.escape(template[at : placeholder.start()].replace("%%", "%")))
        parts.append(f"(?P<{name}>{wanted.get(name, '.+?')})")
        at = placeholder.end()
    parts.append(re.escape(template[at:].replace("%%", "%")))
    return re.compile("".join(parts), re.DOTALL)

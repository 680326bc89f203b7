"""Sentences with values in them, in the reader's language (issue #26).

A service builds a sentence that names a serial, a number of seconds or a zone as an
``errors.Said``: a template marked with ``N_`` and the values beside it; the string itself is
the English sentence the API answers. A page or a mail calls :func:`localised`: the template
is translated first (``gettext``), then the values are filled in, each written the reader's
way: a number with the language's separators, a sum of money as the language writes it
(``domain.money.Money``), a day as the language writes it, an instant
on the reader's clock with its zone named, a list as the language lists alternatives
("1, 2 oder 3", "1、2或3"), a marked word (a ``Said`` without values) translated. Everything
else (a serial, a brand, a zone's name, a reason someone typed) is data and shown as given.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal

from babel.lists import format_list

from warrantor.domain.money import Money, minor_digits
from warrantor.errors import Said
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

"""Days, numbers and money as each language writes them (issue #26; DESIGN.md: money is
integer minor units with a currency, and stays so: only its writing changes here).

English keeps the forms the pages always had ("29 April 2027", "USD 129.00": a currency
code, since "$" alone does not tell US from Canadian dollars); the other languages take
CLDR's through Babel ("2027年4月29日", "29. April 2027", "129,00 $"). A list in prose is
joined as each language joins one ("parts and labour", "Ersatzteile und Arbeitszeit",
"零件和人工"), never with a comma and "and" written in English.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Literal

from babel.core import Locale
from babel.dates import format_date, format_timedelta
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from warrantor.domain.units import COUNTRY_CODES
from warrantor.i18n.locales import ENGLISH

ENGLISH_LISTS = "en_GB"
"""The English whose lists the pages write: "a, b and c" (CLDR's ``en`` adds a comma before
"and"; the pages' English is British: "labour", "29 April 2027")."""

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day(value: date | None, locale: str = ENGLISH) -> str:
    """A day as ``locale`` writes it in full (empty for none)."""
    if value is None:
        return ""
    if locale == ENGLISH:
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return format_date(value, format="long", locale=locale)


def number(value: int | float | Decimal, locale: str = ENGLISH) -> str:
    """A number with ``locale``'s separators (1,234.5; 1.234,5)."""
    return format_decimal(value, locale=locale)


def money(minor: int, currency: str, digits: int, locale: str = ENGLISH) -> str:
    """``minor`` units of ``currency`` (``digits`` decimals) in major units, as ``locale``
    writes an amount: "USD 129.00", "129,00 $", "US$129.00"."""
    amount = Decimal(minor).scaleb(-digits)
    if locale == ENGLISH:
        return f"{currency} {amount}"
    return format_currency(amount, currency, locale=locale)


def listing(
    items: Iterable[object],
    locale: str = ENGLISH,
    style: Literal["standard", "or"] = "standard",
) -> str:
    """``items`` (as text, empty ones left out) joined in prose as ``locale`` joins a list:
    "parts, labour and remote troubleshooting", "Ersatzteile und Arbeitszeit",
    "零件、人工和远程故障排查"; ``style="or"`` for a choice ("QNAP or Netac", "QNAP oder
    Netac", "QNAP或Netac")."""
    words = [str(item) for item in items if str(item)]
    if not words:
        return ""
    return format_list(words, style, locale=ENGLISH_LISTS if locale == ENGLISH else locale)


_SIZE_UNITS = ("kB", "MB", "GB", "TB", "PB")
"""Decimal units (1 kB = 1000 bytes), their SI symbols written alike in every language."""


def file_size(size_bytes: int, locale: str = ENGLISH) -> str:
    """A file's size in decimal units, the number as ``locale`` writes one: "34.6 kB",
    "34,6 kB", "512 Byte" (English keeps what the pages always showed, Jinja's
    ``filesizeformat``: "512 Bytes", "1.2 MB")."""
    if size_bytes < 1000:
        if locale == ENGLISH:
            return f"{size_bytes} Byte{'' if size_bytes == 1 else 's'}"
        return format_unit(size_bytes, "digital-byte", "short", locale=locale)
    value, index = size_bytes / 1000, 0
    while value >= 1000 and index < len(_SIZE_UNITS) - 1:
        value, index = value / 1000, index + 1
    unit = _SIZE_UNITS[index]
    if locale == ENGLISH:
        return f"{value:.1f} {unit}"
    return f"{format_decimal(value, '#,##0.0', locale=locale)} {unit}"


def duration(seconds: int, locale: str = ENGLISH) -> str:
    """A wait as ``locale`` says it, exactly: whole minutes as minutes, else seconds ("15
    minutes", "15 Minuten", "15分钟"; "45 seconds", "45 Sekunden", "45秒钟")."""
    unit: Literal["minute", "second"] = "minute" if seconds % 60 == 0 and seconds else "second"
    # a threshold no amount reaches keeps the unit asked for: never rounded to "1 hour"
    return format_timedelta(
        timedelta(seconds=seconds), granularity=unit, threshold=10**9, locale=locale
    )


@cache
def countries(locale: str = ENGLISH) -> tuple[tuple[str, str], ...]:
    """Every ISO 3166-1 country (``domain.units.COUNTRY_CODES``) as its code and its name in
    ``locale`` (CLDR's, through Babel: "Germany", "Deutschland", "德国"), in the order of the
    names as read, accents aside ("Österreich" among the O's): a form offers them by name and
    sends the code."""
    names = Locale.parse(locale).territories
    return tuple(sorted(((code, names.get(code, code)) for code in COUNTRY_CODES), key=_by_name))


def _by_name(country: tuple[str, str]) -> tuple[str, str]:
    plain = unicodedata.normalize("NFKD", country[1])
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold(), country[0]

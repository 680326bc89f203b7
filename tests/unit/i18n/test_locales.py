"""Which language a reader gets (issue #26): a supported code, Accept-Language negotiated
with Babel, a stored setting first; a country's language for mail."""

from __future__ import annotations

from datetime import date

import pytest

from warrantor.i18n import formats
from warrantor.i18n.locales import country_locale, negotiate, request_locale, supported


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_Hans"),
        ("zh-Hans-CN", "zh_Hans"),
        ("zh-TW", "zh_Hans"),  # the Chinese we write; better than English for a Chinese reader
        ("de-AT, en;q=0.5", "de"),
        ("en-US,de;q=0.9", "en"),
        ("fr-FR, de;q=0.7, zh;q=0.8", "zh_Hans"),
        ("de;q=0, zh;q=0", "en"),
        ("fr, it", "en"),
        ("", "en"),
        (None, "en"),
        ("*", "en"),
        ("de;q=abc, zh", "zh_Hans"),
        (";;;,,,=", "en"),
    ],
)
def test_accept_language_is_negotiated(header: str | None, language: str) -> None:
    assert negotiate(header) == language


def test_a_stored_setting_wins_then_the_chooser_then_the_browser() -> None:
    assert request_locale("de", "zh_Hans", "en") == "de"
    assert request_locale(None, "zh_Hans", "de") == "zh_Hans"
    assert request_locale(None, "klingon", "de") == "de"
    assert request_locale("", None, None) == "en"


def test_only_the_languages_we_write_are_supported() -> None:
    assert supported("zh-hans") == "zh_Hans" and supported("de_CH") == "de"
    assert supported("fr") is None and supported("") is None and supported("x" * 300) is None


def test_a_countrys_language_for_mail() -> None:
    assert country_locale("CN") == "zh_Hans" and country_locale("at") == "de"
    assert country_locale("US") == "en" and country_locale(None) == "en"


def test_days_and_money_per_language_money_stays_minor_units() -> None:
    day = date(2027, 4, 29)
    assert formats.day(day) == "29 April 2027"
    assert formats.day(day, "de") == "29. April 2027"
    assert formats.day(day, "zh_Hans") == "2027年4月29日"
    assert formats.money(12900, "USD", 2) == "USD 129.00"
    assert formats.money(12900, "USD", 2, "de") == "129,00\xa0$"
    assert formats.money(300000, "CNY", 2, "zh_Hans") == "¥3,000.00"
    assert formats.money(1299, "JPY", 0) == "JPY 1299"
    assert formats.number(1234.5, "de") == "1.234,5"

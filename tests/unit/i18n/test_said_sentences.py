"""Sentences with values (issue #26): the English the API answers, and the same sentence in
the reader's language with its values written the reader's way (``i18n.sentences``); every
translation of a sentence with placeholders fills them in."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from babel.messages.pofile import read_po

from warrantor.errors import N_, Said
from warrantor.i18n.locales import SUPPORTED, catalogue_path
from warrantor.i18n.sentences import localised
from warrantor.services.sentences import no_unit

NAMED = re.compile(r"%\(([a-z_]+)\)[sd]")


def test_the_string_is_the_english_sentence_and_the_values_travel_beside_it() -> None:
    said = Said(
        N_("the file has %(size)s bytes; at most %(most)s are accepted"), size=12345, most=10
    )
    assert said == "the file has 12,345 bytes; at most 10 are accepted"
    assert said.template == "the file has %(size)s bytes; at most %(most)s are accepted"
    assert said.values == {"size": 12345, "most": 10}
    assert f"{said}!" == "the file has 12,345 bytes; at most 10 are accepted!"


def test_a_page_translates_the_template_then_fills_in_the_values() -> None:
    said = no_unit("QX1", "QNAP")
    assert localised(said, "de") == "kein QNAP-Gerät mit der Seriennummer QX1"
    assert localised(said, "zh_Hans") == "没有序列号为 QX1 的 QNAP 设备"
    assert localised(said, "en") == "no QNAP unit with serial QX1"


def test_values_are_written_the_readers_way_and_marked_words_translated() -> None:
    said = Said(
        N_("too many %(doing)s from your address: at most %(count)s every %(window)s seconds; "
           "try again in %(seconds)s seconds"),
        doing=Said(N_("warranty checks")), count=1500, window=60, seconds=42,
    )  # fmt: skip
    assert localised(said, "de") == (
        "zu viele Garantieabfragen von Ihrer Adresse: höchstens 1.500 alle 60 Sekunden; "
        "versuchen Sie es in 42 Sekunden erneut"
    )
    assert localised(said, "zh_Hans") == (
        "来自您地址的保修查询过多：每 60 秒最多 1,500 次；请在 42 秒后重试"
    )
    years = Said(N_("choose %(years)s years"), years=(1, 2, 3))
    assert years == "choose 1, 2, 3 years"
    assert localised(years, "de") == "1, 2 oder 3 Jahre wählen"
    assert localised(years, "zh_Hans") == "请选择 1、2或3 年"
    day = Said(N_("purchased on %(bought)s, before it was manufactured on %(made)s"),
               bought=date(2026, 1, 5), made=date(2026, 2, 1))  # fmt: skip
    assert day == "purchased on 2026-01-05, before it was manufactured on 2026-02-01"
    assert (
        localised(day, "de") == "gekauft am 5. Januar 2026, vor der Herstellung am 1. Februar 2026"
    )


def test_an_instant_is_iso_in_the_english_and_on_the_readers_clock_on_a_page() -> None:
    said = Said(N_("revoked on %(at)s: %(reason)s"),
                at=datetime(2026, 12, 7, 23, 30, tzinfo=UTC), reason="sold twice")  # fmt: skip
    assert said == "revoked on 2026-12-07T23:30:00Z: sold twice"
    shown = localised(said, "zh_Hans", "Asia/Shanghai")
    # the next morning in Shanghai, the zone named; the reason is data, shown as written
    assert shown == "已于 2026年12月8日, 07:30 CST (Asia/Shanghai) 撤销：sold twice"


def test_plain_text_is_translated_when_marked_and_shown_as_given_otherwise() -> None:
    assert localised("the file is empty", "de") == "die Datei ist leer"
    assert localised("QNAP-2026-000123", "de") == "QNAP-2026-000123"
    assert localised(Said("50% off"), "de") == "50% off"  # no values: never %-formatted


def _python_format(locale: str) -> list[tuple[str, str]]:
    with catalogue_path(locale).open("rb") as source:
        catalogue = read_po(source, locale=locale)
    return [
        (m.id, m.string)
        for m in catalogue
        if isinstance(m.id, str) and isinstance(m.string, str) and NAMED.search(m.id)
    ]


@pytest.mark.parametrize("locale", [code for code in SUPPORTED if code != "en"])
def test_every_translation_fills_in_the_englishs_placeholders(locale: str) -> None:
    """A placeholder dropped, misspelt (``%(serail)s``, ``%(serial)``) or a stray ``%`` in a
    translation fails here, before a page raises on it."""
    broken = []
    for msgid, translated in _python_format(locale):
        names = {name: f"<{name}>" for name in NAMED.findall(msgid)}
        try:
            filled = translated % names
        except (KeyError, ValueError, TypeError) as error:
            broken.append(f"{msgid!r}: {error!r}")
            continue
        missing = [value for value in names.values() if value not in filled]
        if missing:
            broken.append(f"{msgid!r}: {missing} not in {translated!r}")
    assert not broken, f"{locale}: " + "; ".join(broken[:10])


def test_a_translation_that_lost_a_placeholder_falls_back_to_the_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import warrantor.i18n.sentences as sentences

    monkeypatch.setattr(sentences, "gettext", lambda message, locale: "kein Gerät %(seriel)s")
    assert localised(no_unit("QX1"), "de") == "no unit with serial QX1"

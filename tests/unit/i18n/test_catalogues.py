"""The catalogues are complete (issue #26, item 1): every string the code and the templates
mark for translation has a German and a Simplified Chinese translation that is not the
English again (names and codes on an allow-list), keeps the English's placeholders, and is
not fuzzy. A string marked without running ``make messages`` and translating it fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from warrantor.i18n.locales import SUPPORTED, catalogue_path, gettext, translations

ROOT = Path(__file__).resolve().parents[3]
TRANSLATED = [code for code in SUPPORTED if code != "en"]

SAME_AS_ENGLISH: dict[str, set[str]] = {
    "de": {".", "(optional)", "RMAs", "%(subject)s: %(problem)s", "%(who)s (%(role)s)"},
    "zh_Hans": set(),
}
"""Where a translation may equal the English: punctuation, a word German borrows as is,
the plural of a code, a problem named after what it is about ("Q123: ..."), and a person
named with their role ("Ann (Kunde)")."""

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def _marked() -> set[str | tuple[str, ...]]:
    """Every msgid the code and the templates mark, extracted as ``make messages`` does."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = dict(DEFAULT_KEYWORDS) | {"N_": None, "t": None}
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


MARKED = _marked()


def _catalogue(locale: str) -> dict[str | tuple[str, ...], Message]:
    with catalogue_path(locale).open("rb") as source:
        catalog = read_po(source, locale=locale)
    return {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}


def test_the_code_marks_customer_facing_text() -> None:
    assert "Check a warranty" in MARKED
    assert "Covered until {until} by the {kind} of the {line}" in MARKED  # views.coverage_plain
    assert "%(brand)s RMA %(number)s: we received your unit" in MARKED  # a mail's subject
    assert len(MARKED) > 300


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_marked_string_has_a_translation_that_is_not_the_english(locale: str) -> None:
    catalogue = _catalogue(locale)
    missing = sorted(str(m) for m in MARKED if m not in catalogue)
    assert not missing, f"{locale}: run `make messages` and translate: {missing[:10]}"
    problems = []
    for msgid in MARKED:
        message = catalogue[msgid]
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        english = [msgid] if isinstance(msgid, str) else list(msgid)
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        if not all(f.strip() for f in forms):
            problems.append(f"untranslated: {msgid!r}")
        elif isinstance(msgid, str) and forms[0] == msgid and msgid not in SAME_AS_ENGLISH[locale]:
            problems.append(f"same as the English: {msgid!r}")
        wanted = sorted(set(PLACEHOLDER.findall(english[-1])))
        for form in forms:
            if sorted(set(PLACEHOLDER.findall(form))) != wanted:
                problems.append(f"placeholders {wanted} not kept in {form!r}")
    assert not problems, f"{locale}: " + "; ".join(sorted(problems)[:15])


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_catalogue_holds_nothing_the_code_no_longer_marks(locale: str) -> None:
    stale = sorted(str(m) for m in _catalogue(locale) if m not in MARKED)
    assert not stale, f"{locale}: run `make messages` to drop {stale[:10]}"


def test_the_catalogues_compile_and_translate() -> None:
    assert gettext("Check a warranty", "de") == "Garantie prüfen"
    assert gettext("Check a warranty", "zh_Hans") == "查询保修"
    assert gettext("Check a warranty", "en") == "Check a warranty"
    assert translations("de").ngettext("+%(num)d year", "+%(num)d years", 2) == "+%(num)d Jahre"


GLOSSARY_TERMS = ("warranty", "extended warranty", "RMA", "proof of purchase", "service centre")


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_glossary_names_each_key_term_and_the_catalogue_uses_its_words(locale: str) -> None:
    """docs/glossary.md gives each key term's word per language; the catalogue's translation
    of a string that holds the term holds that word (consistent wording)."""
    glossary = (ROOT / "docs" / "glossary.md").read_text()
    rows = {}
    for line in glossary.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in GLOSSARY_TERMS:
            rows[cells[0]] = {"de": cells[1], "zh_Hans": cells[2]}
    assert sorted(rows) == sorted(GLOSSARY_TERMS)
    catalogue = _catalogue(locale)
    checks = {
        "Extended warranty": "extended warranty",
        "Proof of purchase": "proof of purchase",
        "Ask for an RMA": "RMA",
        "Check a warranty": "warranty",
    }
    for msgid, term in checks.items():
        word = rows[term][locale]
        assert word in str(catalogue[msgid].string), (msgid, word)

"""How the engine sums a decision up, in the reader's language (issue #26, item 1): the summary,
the notes and the errors of facts it can't judge are sentences with values; the API keeps the
English, a mail translates a live one, a page reads a stored one back and translates it; the
values that are data (a model, a country, a finding's description) stay as given."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from policy_samples import BASE

from warrantor.domain.coverage import Extension, UsageReading
from warrantor.domain.units import Unit
from warrantor.errors import Said
from warrantor.i18n.decisions import fact_error_said, note_said, summary_said
from warrantor.i18n.sentences import localised
from warrantor.policy import decision_words as words
from warrantor.policy.decision import Outcome
from warrantor.policy.evaluator import evaluate
from warrantor.policy.facts import Facts
from warrantor.policy.loader import load_policy
from warrantor.policy.model import Policy
from warrantor.policy.rma_refusals import service_place

TB = 10**12
UNIT = Unit(
    brand="Acme",
    serial="S1",
    model="W-100",
    purchased_on=date(2020, 5, 1),
    proof_of_purchase="R1",
    first_invoiced_on=date(2020, 4, 20),
    country_of_purchase="FR",
)
SAMPLES: dict[str, object] = {
    "model": "W-100",
    "brand": "Acme",
    "findings": "the label was removed",
    "day": date(2022, 4, 30),
    "used": "100 TB",
    "limit": "100 TB",
    "covers": "defects",
    "conditions": "normal use",
    "part": "'cable'",
    "finding": "'exploded'",
    "known": "dropped, label_removed",
    "bought": "FR",
    "place": "DE",
    "where": "FR",
    "source": "a review",
    "years": 2,
    "line": "Widgets",
}


@pytest.fixture
def acme(write_policy) -> Policy:  # type: ignore[no-untyped-def]
    return load_policy(write_policy())


def _claim(**changes: object) -> Facts:
    base = Facts(
        unit=UNIT,
        on=date(2021, 1, 1),
        is_claim=True,
        service_country="FR",
        reading=UsageReading(10 * TB, date(2021, 1, 1)),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _filled(template: str) -> Said:
    values = {n: v for n, v in SAMPLES.items() if f"%({n})s" in template}
    if "%(kind)s" in template:
        values["kind"] = Said(words.KINDS[0])
    if "%(why)s" in template:
        values["why"] = Said(words.REGION_ONLY, bought="FR", place="DE")
    if "%(covered)s" in template:
        values["covered"] = Said(words.COVERED, kind=Said(words.KINDS[1]), day=date(2024, 4, 30))
    if "%(asked)s" in template:
        values["asked"] = "the manufacturing date; the first invoice date"
    if "%(wrong)s" in template:
        values["wrong"] = "unknown component 'x' for Acme (known: none)"
    return Said(template, **values)


READERS = [
    (words.SUMMARIES, summary_said),
    (words.NOTES, note_said),
    (words.FACT_ERRORS, fact_error_said),
]
CASES = [(t, read) for templates, read in READERS for t in templates]


@pytest.mark.parametrize(("template", "read"), CASES, ids=[t for t, _r in CASES])
def test_each_sentence_reads_back_from_its_english_and_is_translated(template, read) -> None:  # type: ignore[no-untyped-def]
    stored = str(_filled(template))
    again = read(stored)
    assert isinstance(again, Said) and again.template == template and str(again) == stored
    for locale in ("de", "zh_Hans"):
        shown = localised(again, locale)
        assert shown != localised(again, "en"), (locale, shown)
        for name in ("model", "bought", "place", "source", "findings"):
            if f"%({name})s" in template:
                assert str(SAMPLES[name]) in shown, (name, shown)


def test_a_text_of_no_sentence_is_shown_as_given() -> None:
    assert summary_said("Covered, more or less.") == "Covered, more or less."
    assert not isinstance(note_said("W-100: Demo figures."), Said)


def test_an_ended_warranty_is_english_for_the_api_and_german_or_chinese_on_a_page(
    acme: Policy,
) -> None:
    decision = evaluate(acme, Facts(unit=UNIT, on=date(2023, 1, 1)))
    assert decision.outcome is Outcome.NOT_COVERED
    assert decision.summary == "Not covered: the warranty ended on 2022-04-30."
    stored = summary_said(str(decision.summary))
    assert localised(stored, "de") == "Nicht abgedeckt: die Garantie endete am 30. April 2022."
    assert localised(decision.summary, "zh_Hans") == "不在保修范围内：保修已于 2022年4月30日 结束。"


def test_a_covered_claim_names_its_kind_and_usage_in_the_readers_words(acme: Policy) -> None:
    decision = evaluate(acme, _claim())
    assert decision.summary == (
        "This claim is covered by the standard warranty until 2022-04-30. "
        "10 TB of 100 TB written (whichever comes first)."
    )
    assert localised(summary_said(str(decision.summary)), "de") == (
        "Dieser Anspruch ist durch die Standardgarantie bis zum 30. April 2022 abgedeckt. "
        "10 TB von 100 TB geschrieben (je nachdem, was zuerst eintritt)."
    )


def test_a_size_in_a_summary_is_written_with_the_readers_decimal_mark() -> None:
    stored = (
        "This claim is covered by the standard warranty until 2022-04-30. "
        "1.5 TB of 1,200.25 TB written (whichever comes first)."
    )
    assert localised(summary_said(stored), "de") == (
        "Dieser Anspruch ist durch die Standardgarantie bis zum 30. April 2022 abgedeckt. "
        "1,5 TB von 1.200,25 TB geschrieben (je nachdem, was zuerst eintritt)."
    )
    assert "1.5 TB of 1,200.25 TB written" in localised(summary_said(stored), "en")


def test_what_is_missing_and_what_cant_be_judged_are_translated_inside_the_summary(
    acme: Policy,
) -> None:
    asked = evaluate(acme, _claim(service_country=None))
    assert asked.summary == (
        "We need more information before we can decide: the country where service is asked."
    )
    assert localised(summary_said(str(asked.summary)), "de") == (
        "Wir brauchen weitere Angaben, bevor wir entscheiden können: "
        "das Land, in dem der Service angefragt wird."
    )
    wrong = evaluate(acme, _claim(findings=("exploded",)))
    message = wrong.errors[0].message
    assert message.startswith("unknown inspection finding 'exploded' for Acme (known: ")
    shown = localised(fact_error_said(str(message)), "zh_Hans")
    assert shown.startswith("Acme 的未知检测结果 'exploded'（已知：")
    assert localised(summary_said(str(wrong.summary)), "de").startswith(
        "Auf Grundlage dieser Angaben können wir nicht entscheiden: "
        "unbekannter Prüfbefund 'exploded' für Acme (bekannt: "
    )


def test_a_unit_that_cant_be_served_here_is_refused_in_the_readers_language(
    acme: Policy,
) -> None:
    claim = evaluate(acme, _claim(service_country="DE"))
    assert claim.summary == (
        "Not covered here: service is given only in the region of purchase (FR), not in DE."
    )
    refused = service_place(acme, claim)
    assert not refused.allowed
    assert refused.summary == (
        "this unit can't be served here: "
        "service is given only in the region of purchase (FR), not in DE"
    )
    assert localised(refused.summary, "de") == (
        "dieses Gerät kann hier nicht betreut werden: "
        "Service wird nur in der Region des Kaufs (FR) geleistet, nicht in DE"
    )
    assert localised(refused.summary, "zh_Hans") == (
        "此设备无法在此处获得服务：仅在购买地区（FR）提供服务，不在 DE"
    )


def test_an_extension_beyond_the_maximum_is_noted_in_the_readers_language(
    write_policy,  # type: ignore[no-untyped-def]
) -> None:
    policy = load_policy(write_policy(BASE))
    extensions = (Extension(2, date(2020, 5, 2)), Extension(2, date(2020, 5, 3)))
    decision = evaluate(policy, Facts(unit=UNIT, on=date(2021, 1, 1), extensions=extensions))
    noted = "an extension of 2 years adds nothing: maximum reached"
    assert decision.facts_used["notes"] == noted
    shown = localised(note_said(noted), "de")
    assert shown == "eine Verlängerung um 2 Jahre bringt nichts: Höchstdauer erreicht"

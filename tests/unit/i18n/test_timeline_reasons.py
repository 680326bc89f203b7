"""The reasons the system writes on an RMA's timeline read back into their sentences and are
shown in the reader's language (issue #26, item 1); a reason someone typed is shown as given,
and the stored English is the sentence itself, as before."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from warrantor.domain.money import Money
from warrantor.errors import Said
from warrantor.i18n.sentences import localised
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import centre_named, policy_for
from warrantor.services.rma import timeline_reasons as tr
from warrantor.services.rma.sla import number_due, repair_due_after

SAMPLES: dict[str, object] = {
    "symptom": "clicks; then: nothing (50%)",
    "note": "documents validated",
    "day": date(2026, 11, 25),
    "why": "the unit was dropped",
    "carrier": "UPS",
    "tracking": "1Z 999, AA",
    "price": Money(12900, "USD"),
    "reason": "water damage\nqnap.void: the unit was opened",
    "unit": "it is sent back to you unrepaired",
    "who": "Tess Tech",
    "brand": "Netac",
    "centre": "netac-cn",
    "summary": "the unit is counterfeit",
    "clauses": "qnap.void: the unit was opened",
}

CASES = [(event, template) for event, templates in tr.BY_EVENT.items() for template in templates]


def _filled(template: str) -> Said:
    names = [name for name in SAMPLES if f"%({name})s" in template]
    return Said(template, **{name: SAMPLES[name] for name in names})


@pytest.mark.parametrize(("event", "template"), CASES, ids=[t for _e, t in CASES])
def test_each_sentence_reads_back_from_its_english(event: str, template: str) -> None:
    stored = str(_filled(template))
    again = tr.said_again(stored, event)
    assert isinstance(again, Said) and again.template == template
    assert str(again) == stored
    english = stored.replace("2026-11-25", "25 November 2026")  # a day as English pages write it
    assert localised(again, "en") == english
    for name, value in again.values.items():
        expected = SAMPLES[name]
        assert (str(value) if isinstance(value, Said) else value) == expected, name
    for locale in ("de", "zh_Hans"):
        shown = localised(again, locale)
        assert shown != stored, (locale, shown)


def test_a_day_and_a_price_are_written_the_readers_way() -> None:
    validated = "documents validated; RMA number due by 2026-11-25"
    assert localised(tr.said_again(validated, "validate_documents"), "de") == (
        "Unterlagen geprüft; RMA-Nummer fällig bis 25. November 2026"
    )
    assert localised(tr.said_again(validated, "validate_documents"), "zh_Hans") == (
        "资料已审核；RMA 编号预计签发日期：2026年11月25日"
    )
    accepted = tr.said_again("paid repair accepted: USD 129.00", "accept_quote")
    assert localised(accepted, "de") == "kostenpflichtige Reparatur angenommen: 129,00\xa0$"
    assert localised(accepted, "zh_Hans") == "已接受付费维修：US$129.00"
    assert localised(tr.said_again("paid repair declined: JPY 5000", "decline_quote"), "de") == (
        "kostenpflichtige Reparatur abgelehnt: 5.000\xa0¥"
    )


def test_a_note_someone_typed_is_kept_and_the_rest_translated() -> None:
    received = "box dented; repair due by 2026-12-03 (provisional)"
    assert localised(tr.said_again(received, "receive"), "de") == (
        "box dented; Reparatur fällig bis 3. Dezember 2026 (vorläufig)"
    )
    rejected = tr.said_again("Opened. The unit: it is sent back to you unrepaired.", "reject")
    assert localised(rejected, "de") == (
        "Opened. Das Gerät: es wird unrepariert an Sie zurückgesandt."
    )


def test_a_reason_someone_typed_is_shown_as_given_and_only_the_events_own_are_read() -> None:
    typed = "to be honest, the customer withdrew"
    assert tr.said_again(typed, "cancel") == typed and not isinstance(
        tr.said_again(typed, "cancel"), Said
    )
    assert isinstance(tr.said_again(typed, "assign"), Said)  # the assignment's own sentence
    assert tr.said_again("unit received", "finish_repair") == "unit received"
    assert tr.said_again("shipped by UPS, tracking 1; paid by nobody", "ship") == (
        "shipped by UPS, tracking 1; paid by nobody"
    )
    decided = "Covered by the standard warranty."  # the policy engine's summary: as given
    assert localised(tr.said_again(decided, "decide_covered"), "de") == decided


def test_why_a_step_has_no_due_date_reads_back_from_the_policys_own_words(
    policy_book: PolicyBook,
) -> None:
    netac = policy_for(policy_book, "Netac")
    at = datetime(2026, 11, 23, 12, tzinfo=UTC)
    due, why = number_due(netac, centre_named(netac, "netac-cn"), at)
    assert due is None and why
    stored = str(Said(tr.NO_NUMBER_PROMISE, note=tr.DOCUMENTS_VALIDATED, why=why))
    shown = localised(tr.said_again(stored, "validate_documents"), "zh_Hans")
    assert shown == (
        "资料已审核；RMA 编号签发无时限承诺（Netac 政策未对 netac-cn 承诺 RMA 编号签发时限）"
    )
    _due, at_point = repair_due_after(netac, None, at)
    stored = str(Said(tr.NO_REPAIR_PROMISE, note="unit received", why=at_point))
    assert localised(tr.said_again(stored, "receive"), "de") == (
        "Gerät eingegangen; keine Zusage für die Reparaturzeit (von einer Verkaufsstelle "
        "bearbeitet: keine Zusage des Herstellers gilt)"
    )


def test_who_took_a_step_is_named_with_their_role_in_the_readers_language() -> None:
    assert localised(tr.actor_said("Ann (customer)"), "de") == "Ann (Kunde)"
    assert localised(tr.actor_said("Tess Tech (technician)"), "zh_Hans") == "Tess Tech（技术人员）"
    assert localised(tr.actor_said("cli (admin)"), "en") == "cli (admin)"
    assert tr.actor_said("Bob (martian)") == "Bob (martian)"
    assert tr.actor_said("worker") == "worker"


@pytest.mark.parametrize("template", tr.FLAGS)
def test_why_an_rma_is_flagged_reads_back_and_is_translated(template: str) -> None:
    values = {"file": "'smart.json'", "problem": "not JSON", "found": "X1", "expected": "Q1"}
    said = Said(template, **{k: v for k, v in values.items() if f"%({k})s" in template})
    again = tr.flag_said(str(said))
    assert isinstance(again, Said) and again.template == template
    for locale in ("de", "zh_Hans"):
        assert localised(again, locale) != str(said)
    assert tr.flag_said("the box was wet") == "the box was wet"


def test_the_parcels_other_serial_is_told_in_german() -> None:
    stored = "the parcel holds serial Q26OTHER, the RMA is for Q26UNIT"
    assert localised(tr.flag_said(stored), "de") == (
        "das Paket enthält die Seriennummer Q26OTHER, die RMA gilt für Q26UNIT"
    )

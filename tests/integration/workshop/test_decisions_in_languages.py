"""The workshop's decision in the customer's language (issue #26, item 1): the decision mail's
"Why:" begins with the engine's summary translated, a day written the reader's way; a refused
service's reason on the customer's timeline and in the refusal mail is translated around the
clauses, which are quoted as published; the desk and the API keep the English. Both engines."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from test_rma_workshop_decision import decide_as_technician, inspect
from workshop_support import NETAC_UNIT, QNAP_UNIT, Workshop

from warrantor.i18n.locales import REQUEST_LOCALE
from warrantor.i18n.sentences import localised
from warrantor.services.rma.timeline_reasons import said_again

WHY = {
    "de": "Begründung:\n  Dieser Anspruch ist durch die Standardgarantie bis zum "
    "31. Mai 2027 abgedeckt.\n",
    "zh_Hans": "原因：\n  此索赔由标准保修保障至 2027年5月31日。\n",
}
REFUSED = {
    "de": "Nicht abgedeckt: die Garantie dieses Geräts ist erloschen (",
    "zh_Hans": "不在保修范围内：本设备的保修已失效（",
}
REFUSED_THEN = {"de": "Der Service wird abgelehnt:\n", "zh_Hans": "服务被拒绝：\n"}
CLAUSE = "netac.counterfeit.judge: Netac or its authorized service stations"


@contextmanager
def _in(locale: str) -> Iterator[None]:
    token = REQUEST_LOCALE.set(locale)  # the technician's request: the mail's language
    try:
        yield
    finally:
        REQUEST_LOCALE.reset(token)


def _mail(workshop: Workshop, number: str, topic: str) -> str:
    with workshop.uow_factory() as uow:
        (body,) = [m.body for m in uow.outbox.find(reference=number) if m.topic == topic]
    return body


@pytest.mark.parametrize("locale", ["de", "zh_Hans"])
def test_the_decision_mails_why_begins_with_the_summary_translated(
    workshop: Workshop, locale: str
) -> None:
    rma = workshop.rma(QNAP_UNIT)
    inspect(workshop, rma.id)
    with _in(locale):
        decide_as_technician(workshop, rma.id)

    assert rma.number is not None
    body = _mail(workshop, rma.number, "rma.decided")
    assert WHY[locale] in body, body
    assert "This claim is covered" not in body
    with workshop.uow_factory() as uow:
        (stored,) = uow.workshop.decisions(rma.id)
    assert stored.summary == (  # the desk and the API: English as stored
        "This claim is covered by the standard warranty until 2027-05-31."
    )


@pytest.mark.parametrize("locale", ["de", "zh_Hans"])
def test_a_refused_service_is_told_in_the_customers_language_and_its_clauses_as_published(
    workshop: Workshop, locale: str
) -> None:
    rma = workshop.rma(NETAC_UNIT)
    inspect(workshop, rma.id, "counterfeit")
    with _in(locale):
        decide_as_technician(workshop, rma.id)

    with workshop.uow_factory() as uow:
        step = uow.rmas.timeline(rma.id)[-1]
    assert step.event == "reject_and_return"
    assert step.reason.startswith("Not covered: the warranty of this unit is void (")  # stored
    shown = localised(said_again(step.reason, step.event), locale)  # the customer's timeline
    assert shown.startswith(REFUSED[locale]), shown
    assert REFUSED_THEN[locale] in shown and CLAUSE in shown
    assert "The service is refused" not in shown and "Not covered" not in shown
    assert rma.number is not None
    mail = _mail(workshop, rma.number, "rma.rejected")
    assert REFUSED[locale] in mail and REFUSED_THEN[locale] in mail and CLAUSE in mail, mail
    assert "The service is refused" not in mail

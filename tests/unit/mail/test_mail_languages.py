"""A mail in each language (issue #26): its fixed text translated, a day written as the
language writes it (English keeps its ISO days), what the caller gives shown as given."""

from __future__ import annotations

import pytest

from warrantor.mail.render import render

CONTEXT = {
    "rma_number": "QNAP-RMA-7",
    "numbered": True,
    "brand": "QNAP",
    "serial": "Q1",
    "details": {"received_on": "2027-01-05", "repair_due_by": "2027-01-19"},
    "extra": {},
}


@pytest.mark.parametrize(
    ("locale", "subject", "received", "due"),
    [
        ("en", "QNAP RMA QNAP-RMA-7: we received your unit", "on 2027-01-05.", "by 2027-01-19."),
        ("de", "QNAP RMA QNAP-RMA-7: Wir haben Ihr Gerät erhalten", "am 5. Januar 2027 erhalten.",
         "bis 19. Januar 2027 fertig"),
        ("zh_Hans", "QNAP RMA QNAP-RMA-7：我们已收到您的设备", "我们已于 2027年1月5日 收到",
         "2027年1月19日 前完成"),
    ],
)  # fmt: skip
def test_a_mail_is_written_in_its_language_with_its_days(
    locale: str, subject: str, received: str, due: str
) -> None:
    mail = render("rma_received", CONTEXT, locale)
    assert mail.subject == subject
    assert received in mail.body and due in mail.body


def test_text_a_caller_gives_is_kept_as_given_even_with_a_percent_sign() -> None:
    details = {"decision": "not covered", "reasons": "- 100% of the label is altered."}
    context = CONTEXT | {"details": details | {"quote": "", "next_step": ""}}
    mail = render("rma_decided", context, "de")
    assert "- 100% of the label is altered." in mail.body and "Begründung:" in mail.body


PARCEL = {
    "brand": "QNAP",
    "sender_name": "",
    "received_on": "2027-01-05",
    "serial": "Q1",
    "number_on_parcel": "",
    "returnable": False,
    "disposable_from": "2027-02-04",
    "clauses": [{"id": "c9", "text": "Parcels without an RMA number are held."}],
    "parcel_id": 12,
}


@pytest.mark.parametrize(
    ("locale", "subject", "received", "quote"),
    [
        ("de", "QNAP Service: Wir haben ein Paket von Ihnen ohne RMA-Nummer erhalten",
         "am 5. Januar 2027 ein Paket", "Paket 12 an"),
        ("zh_Hans", "QNAP 服务：我们收到了您寄来的一个没有 RMA 编号的包裹",
         "于 2027年1月5日 收到", "包裹 12。"),
    ],
)  # fmt: skip
def test_the_parcel_without_an_rma_number_mail_is_written_in_its_language(
    locale: str, subject: str, received: str, quote: str
) -> None:
    """The sender of a parcel without an RMA number hears in their language, what becomes of
    it too (the day it may be disposed of written per language); the policy's clause is quoted
    as given."""
    mail = render("parcel_without_rma", PARCEL, locale)
    assert mail.subject == subject
    assert received in mail.body and quote in mail.body and "Q1" in mail.body
    disposed = {
        "de": "Was damit geschieht: Wenn Sie es nicht zurückverlangen, darf es ab "
        "4. Februar 2027 entsorgt werden",
        "zh_Hans": "设备的处理方式：如您未要求寄回，根据政策，自 2027年2月4日 起可将其处置。",
    }
    assert disposed[locale] in mail.body and "disposed of" not in mail.body
    assert '"Parcels without an RMA number are held." (c9)' in mail.body

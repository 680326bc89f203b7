"""A customer's rare conflict in the reader's language (issue #26, item 1): a second RMA on a
unit with one open, and a quote answered when none waits, are refused in German or Chinese on
the customer's pages, the serial and the RMA's number as given and an RMA's state by its name;
the API keeps the English (the state's code)."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from portal_support import ANN, NOW, add_accounts

from warrantor.services.installed_base.registration import Claim, register_my_unit

UNIT = {"brand": "QNAP", "serial": "QCNF0001", "model": "TS-453 Pro",
        "manufactured_on": "2025-09-01", "country_of_purchase": "US"}  # fmt: skip
# 5 years, the first 3 global; bought in the Netherlands 3.5 years before NOW
ABROAD = {"brand": "QNAP", "serial": "QCNF0002", "model": "TVS-EC1580MU-SAS-RP",
          "manufactured_on": "2023-04-01", "country_of_purchase": "NL"}  # fmt: skip
FORM = {"brand": "QNAP", "serial": "QCNF0001", "symptom": "does not boot",
        "contact_name": "Ann", "contact_email": "ann@example.com",
        "backup_acknowledged": "yes"}  # fmt: skip
OPEN_ALREADY = {
    "de": "das QNAP-Gerät QCNF0001 hat bereits eine offene RMA (#{id}, Angefragt)",
    "zh-CN": "QNAP 设备 QCNF0001 已有一个未结的 RMA（#{id}，已申请）",
}
NO_QUOTE = {
    "de": "RMA #{id} ist im Status Angefragt: einen Kostenvoranschlag beantworten ist nicht "
    "möglich (nur im Status Kostenvoranschlag für eine kostenpflichtige Reparatur wartet auf "
    "Antwort)",
    "zh-CN": "RMA #{id} 处于 已申请 状态：无法答复报价（仅限 付费维修报价等待答复 状态）",
}


@pytest.fixture
def ann_unit(uow_factory: Any, add_units: Any, policy_book: Any) -> None:
    add_accounts(uow_factory)
    add_units([UNIT, ABROAD])
    for serial, bought in (("QCNF0001", date(2025, 10, 1)), ("QCNF0002", date(2023, 5, 22))):
        claim = Claim("QNAP", serial, bought, "INV-" + serial)
        register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(page))


@pytest.mark.parametrize("language", ["de", "zh-CN"])
def test_a_second_rma_and_an_answer_to_no_quote_are_refused_in_the_readers_language(
    client_as: Any, ann_unit: None, language: str
) -> None:
    ann = client_as(ANN)
    first = ann.post("/my/rmas/new", data=FORM, follow_redirects=False)
    assert first.status_code == 303, first.text
    rma_id = first.headers["location"].rsplit("/", 1)[1]
    said = {"Accept-Language": language}

    again = ann.post("/my/rmas/new", data=FORM, headers=said)
    assert again.status_code == 422  # the form again, the refusal at its top
    assert OPEN_ALREADY[language].format(id=rma_id) in _text(again.text)
    assert "already has an open RMA" not in again.text and "requested" not in again.text

    answered = ann.post(f"/my/rmas/{rma_id}/quote", data={"answer": "accept"}, headers=said)
    assert answered.status_code == 409
    assert NO_QUOTE[language].format(id=rma_id) in _text(answered.text)
    assert "cannot answer a quote" not in answered.text and "quote_pending" not in answered.text


NO_BACKUP = {
    "de": "Sie müssen bestätigen, dass die Sicherung der Daten des Geräts in Ihrer "
    "Verantwortung liegt (",
    "zh-CN": "您必须确认备份设备数据是您自己的责任（",
}
NOT_FAILING = {
    "de": "<p>die Adresse ist nicht als fehlerhaft markiert</p>",
    "zh-CN": "<p>该地址未被标记为无法送达</p>",
}


@pytest.mark.parametrize("language", ["de", "zh-CN"])
def test_a_missing_backup_acknowledgement_and_an_address_not_failing_are_in_the_readers_language(
    client_as: Any, ann_unit: None, language: str
) -> None:
    ann, said = client_as(ANN), {"Accept-Language": language}
    unacknowledged = {k: v for k, v in FORM.items() if k != "backup_acknowledged"}

    refused = ann.post("/my/rmas/new", data=unacknowledged, headers=said)
    assert refused.status_code == 422
    assert NO_BACKUP[language] in _text(refused.text)
    assert "must acknowledge" not in refused.text

    rma_id = ann.post("/my/rmas/new", data=FORM).url.path.rsplit("/", 1)[1]
    corrected = ann.post(f"/my/rmas/{rma_id}/mail-corrected", headers=said)
    assert corrected.status_code == 422
    assert NOT_FAILING[language] in _text(corrected.text)
    assert "not marked failing" not in corrected.text


NOT_HERE = {
    "de": "dieses Gerät kann hier nicht betreut werden: Service wird nur in der Region des "
    "Kaufs (NL) geleistet, nicht in US",
    "zh-CN": "此设备无法在此处获得服务：仅在购买地区（NL）提供服务，不在 US",
}


@pytest.mark.parametrize("language", ["de", "zh-CN"])
def test_a_unit_that_cant_be_served_here_is_refused_in_the_readers_language(
    client_as: Any, ann_unit: None, language: str
) -> None:
    asked = FORM | {"serial": "QCNF0002", "service_country": "US"}
    refused = client_as(ANN).post("/my/rmas/new", data=asked, headers={"Accept-Language": language})
    assert refused.status_code == 422  # the form again, the refusal at its top
    assert NOT_HERE[language] in _text(refused.text)
    assert "can't be served here" not in refused.text and "region of purchase" not in refused.text

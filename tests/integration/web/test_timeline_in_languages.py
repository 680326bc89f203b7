"""The customer's RMA timeline in the reader's language (issue #26, item 1): the reasons the
system wrote on each step (received, due by a day, shipped by a carrier and who pays, a quote
answered with its price) and who took it, by role; the symptom and the tracking number the
people gave are shown as given, and the desk's English stays as stored."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from portal_support import AGENT, ANN, NOW, TECH, add_accounts

from warrantor.services.installed_base.registration import Claim, register_my_unit

NEW = {"brand": "QNAP", "serial": "QTLN0001", "model": "TS-453 Pro",
       "manufactured_on": "2025-09-01", "country_of_purchase": "US"}  # fmt: skip
OLD = NEW | {"serial": "QTLN0002", "manufactured_on": "2019-01-10"}
HTMX = {"HX-Request": "true"}


@pytest.fixture
def ann_units(uow_factory: Any, add_units: Any, policy_book: Any) -> None:
    add_accounts(uow_factory)
    add_units([NEW, OLD])
    for serial, bought in (("QTLN0001", date(2025, 10, 1)), ("QTLN0002", date(2019, 2, 1))):
        claim = Claim("QNAP", serial, bought, "INV-" + serial)
        register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)


def _inspected(client_as: Any, serial: str) -> tuple[str, str]:
    """Ann asks; the desk starts troubleshooting, validates, issues the number, receives and
    inspects the unit: (Ann's page, the RMA number)."""
    ann, agent, tech = client_as(ANN), client_as(AGENT), client_as(TECH)
    form = {"brand": "QNAP", "serial": serial, "symptom": "does not boot",
            "contact_name": "Ann", "contact_email": "ann@example.com",
            "backup_acknowledged": "yes"}  # fmt: skip
    page = ann.post("/my/rmas/new", data=form, follow_redirects=False).headers["location"]
    rma_id = page.rsplit("/", 1)[1]
    started = agent.post(f"/desk/rmas/{rma_id}/event", data={"event": "start_troubleshooting"})
    assert started.status_code == 200
    assert agent.post(f"/desk/rmas/{rma_id}/validate", data={}).status_code == 200
    issued = agent.post(f"/desk/rmas/{rma_id}/issue", data={}, headers=HTMX).text
    number = re.search(r"RMA number (\S+) issued", issued).group(1)
    tech.post("/desk/receive", data={"rma_number": number, "carrier": "UPS"})
    assert tech.post(f"/desk/rmas/{number}/inspect", data={}).status_code == 200
    return page, number


def _timeline(page_html: str) -> str:
    section = html.unescape(page_html).split('<h2 id="tl-h">', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_a_repaired_units_timeline_is_in_german(client_as: Any, ann_units: None) -> None:
    page, number = _inspected(client_as, "QTLN0001")
    tech = client_as(TECH)
    assert tech.post(f"/desk/rmas/{number}/decide", data={}).status_code == 200
    assert tech.post(f"/desk/rmas/{number}/finish", data={}).status_code == 200
    shipped = tech.post(f"/desk/rmas/{number}/ship", data={"carrier": "UPS", "tracking": "1Z9"})
    assert shipped.status_code == 200

    shown = _timeline(client_as(ANN).get(page, headers={"Accept-Language": "de"}).text)

    assert "von Ann (Kunde) : eröffnet: does not boot" in shown
    assert "von Alex (Support-Mitarbeiter) : Fehlersuche begonnen" in shown
    assert "Unterlagen geprüft; RMA-Nummer fällig bis 25. November 2026" in shown
    assert "von Alex (Support-Mitarbeiter) : RMA-Nummer vergeben" in shown
    assert "von Tess (Techniker) : Gerät eingegangen; Reparatur fällig bis 3. Dezember 2026" in (
        shown
    )
    assert "Prüfung begonnen" in shown and "Reparatur abgeschlossen" in shown
    assert "versandt mit UPS, Sendungsnummer 1Z9; bezahlt vom Hersteller" in shown
    for english in ("opened:", "documents validated", "due by", "shipped by", "(customer)"):
        assert english not in shown, english
    desk = html.unescape(client_as(AGENT).get(f"/desk/rmas/{number}").text)
    assert "shipped by UPS, tracking 1Z9; paid by maker" in desk  # staff pages: English


def test_a_quote_answered_is_in_chinese_with_its_price(client_as: Any, ann_units: None) -> None:
    page, number = _inspected(client_as, "QTLN0002")
    quote = {"quote_amount": "129.00", "quote_currency": "USD", "note": "new fan"}
    assert client_as(TECH).post(f"/desk/rmas/{number}/decide", data=quote).status_code == 200
    ann = client_as(ANN)
    answered = ann.post(page + "/quote", data={"answer": "accept"}, follow_redirects=False)
    assert answered.status_code == 303, answered.text

    shown = _timeline(ann.get(page, headers={"Accept-Language": "zh-CN"}).text)

    assert "操作人：Ann（客户） : 已接受付费维修：US$129.00" in shown
    assert "已提交：does not boot" in shown and "检测已开始" in shown
    assert "paid repair" not in shown and "USD 129.00" not in shown


def test_why_the_rma_is_flagged_is_in_german(client_as: Any, ann_units: None) -> None:
    ann, agent, tech = client_as(ANN), client_as(AGENT), client_as(TECH)
    form = {"brand": "QNAP", "serial": "QTLN0001", "symptom": "does not boot",
            "contact_name": "Ann", "contact_email": "ann@example.com",
            "backup_acknowledged": "yes"}  # fmt: skip
    page = ann.post("/my/rmas/new", data=form, follow_redirects=False).headers["location"]
    rma_id = page.rsplit("/", 1)[1]
    agent.post(f"/desk/rmas/{rma_id}/event", data={"event": "start_troubleshooting"})
    assert agent.post(f"/desk/rmas/{rma_id}/validate", data={}).status_code == 200
    issued = agent.post(f"/desk/rmas/{rma_id}/issue", data={}, headers=HTMX).text
    number = re.search(r"RMA number (\S+) issued", issued).group(1)
    parcel = {"rma_number": number, "carrier": "UPS", "serial": "QOTHER01"}
    assert tech.post("/desk/receive", data=parcel).status_code == 200

    shown = html.unescape(ann.get(page, headers={"Accept-Language": "de"}).text)

    assert "<dt>Braucht einen Mitarbeiter</dt>" in shown
    assert "das Paket enthält die Seriennummer QOTHER01, die RMA gilt für QTLN0001" in shown
    desk = html.unescape(agent.get(f"/desk/rmas/{number}").text)
    assert "the parcel holds serial QOTHER01, the RMA is for QTLN0001" in desk

"""The customer's RMA form offers the country of service by its name, in the reader's
language, and sends its ISO code (issue #25, item 2: names, not codes); a code that is no
country is still refused next to the field."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from portal_support import ANN, NOW, add_accounts, field_error, summary_links

from warrantor.services.installed_base.registration import Claim, register_my_unit

UNIT = {"brand": "QNAP", "serial": "QCTY0001", "model": "TS-453 Pro",
        "manufactured_on": "2026-01-10", "country_of_purchase": "US"}  # fmt: skip
FORM = {"brand": "QNAP", "serial": "QCTY0001", "symptom": "does not boot",
        "contact_name": "Ann", "contact_email": "ann@example.com",
        "backup_acknowledged": "yes"}  # fmt: skip


@pytest.fixture
def ann_unit(uow_factory: Any, add_units: Any, policy_book: Any) -> None:
    add_accounts(uow_factory)
    add_units([UNIT])
    claim = Claim("QNAP", "QCTY0001", date(2026, 2, 1), "INV-QCTY0001")
    register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)


def _countries(page: str) -> dict[str, str]:
    """The service country's choices: each option's code and the name shown."""
    chooser = re.search(r'<select id="f-service_country".*?</select>', page, re.S)
    assert chooser is not None, "no list of countries on the form"
    found = re.findall(r'<option value="([A-Z]*)"[^>]*>([^<]*)</option>', chooser.group(0))
    return dict(found)


@pytest.mark.parametrize(
    ("language", "names", "blank"),
    [
        ("en", {"US": "United States", "DE": "Germany", "CA": "Canada"},
         "The country where the unit was bought"),
        ("de", {"US": "Vereinigte Staaten", "DE": "Deutschland", "AT": "Österreich"},
         "Das Land, in dem das Gerät gekauft wurde"),
        ("zh-CN", {"US": "美国", "DE": "德国", "CN": "中国"}, "购买本设备的国家/地区"),
    ],
)  # fmt: skip
def test_the_form_names_each_country_in_the_readers_language(
    client_as: Any, ann_unit: None, language: str, names: dict[str, str], blank: str
) -> None:
    page = html.unescape(
        client_as(ANN).get("/my/rmas/new", headers={"Accept-Language": language}).text
    )
    countries = _countries(page)
    assert countries[""] == blank  # left as is: the country of purchase
    for code, name in names.items():
        assert countries[code] == name
    assert len(countries) == 251  # every ISO 3166-1 country, and the blank
    assert 'name="service_country" type="text"' not in page  # no code to type any more


def test_the_chosen_country_is_sent_as_its_code_and_stays_chosen(
    client_as: Any, ann_unit: None, uow_factory: Any
) -> None:
    ann = client_as(ANN)
    opened = ann.post("/my/rmas/new", data=FORM | {"service_country": "CA"},
                      follow_redirects=False)  # fmt: skip
    assert opened.status_code == 303, opened.text
    rma_id = int(opened.headers["location"].rsplit("/", 1)[1])
    with uow_factory() as uow:
        rma = uow.rmas.get(rma_id)
    assert rma is not None and rma.service_country == "CA"
    again = ann.post("/my/rmas/new", data=FORM | {"service_country": "de", "serial": ""})
    assert again.status_code == 422
    assert '<option value="DE" selected>Germany</option>' in again.text


def test_a_code_that_is_no_country_is_refused_next_to_the_field(
    client_as: Any, ann_unit: None
) -> None:
    refused = client_as(ANN).post("/my/rmas/new", data=FORM | {"service_country": "XX"})
    assert refused.status_code == 422
    assert "service_country" in summary_links(refused.text)
    assert "XX is not an ISO 3166-1 country code" in field_error(refused.text, "service_country")
    summary = html.unescape(refused.text)
    assert "Country where you ask for service: XX is not an ISO 3166-1 country code" in summary

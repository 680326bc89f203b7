"""Pager links on paged pages (issue #23, item 1): the desk's queues (each tab with its
exact count) and a customer's products, followed link after link."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from portal_support import AGENT, ANN, NOW, add_accounts

from warrantor.services.installed_base.registration import Claim, register_my_unit
from warrantor.services.rma.opening import RmaRequest, open_rma
from warrantor.web import desk, portal_customer, portal_rmas

SERIALS = [f"QPAGER{n:02d}" for n in range(1, 6)]


@pytest.fixture
def ann_units(uow_factory: Any, add_units: Any, policy_book: Any) -> None:
    """Five QNAP units Ann registered."""
    add_accounts(uow_factory)
    add_units([{"brand": "QNAP", "serial": s, "model": "TS-453 Pro",
                "manufactured_on": "2025-09-01", "country_of_purchase": "US"}
               for s in SERIALS])  # fmt: skip
    for serial in SERIALS:
        claim = Claim("QNAP", serial, NOW.date().replace(month=10, day=1), "INV-P1")
        register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)


def follow(client: Any, url: str, pattern: str) -> list[list[str]]:
    """What ``pattern`` finds on each page, following the pager's 'Next page' link."""
    found = []
    while True:
        html = client.get(url).text
        found.append(re.findall(pattern, html))
        link = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', html)
        if link is None:
            return found
        url = link.group(1).replace("&amp;", "&")


def test_my_products_page_by_page(
    client_as: Any, ann_units: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portal_customer, "MY_PAGE", 2)
    ann = client_as(ANN)
    pages = follow(ann, "/my", r'href="/my/units/QNAP/(QPAGER\d+)"')
    assert pages == [SERIALS[:2], SERIALS[2:4], SERIALS[4:]]
    assert "First page" not in ann.get("/my").text
    last = ann.get("/my?cursor=" + _cursor_of(ann, "/my")).text
    assert "First page" in last
    # the installed base is not counted: the pager says so, with the rows this page shows
    assert "2 on this page; the list is not counted" in ann.get("/my").text
    german = ann.get("/my", headers={"Accept-Language": "de"}).text
    assert "2 auf dieser Seite; die Liste wird nicht gezählt" in german


def _cursor_of(client: Any, url: str) -> str:
    found = re.search(r'cursor=([^"&]+)"', client.get(url).text)
    assert found is not None
    return found.group(1)


def test_a_desk_queue_pages_and_every_tab_shows_its_count(
    client_as: Any, ann_units: None, policy_book: Any, uow_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(desk, "DESK_PAGE", 2)
    ids = []
    for n, serial in enumerate(SERIALS):
        request = RmaRequest(serial=serial, brand="QNAP", symptom="dead", contact_name="Ann",
                             contact_email="ann@example.com", backup_acknowledged=True)  # fmt: skip
        ids.append(open_rma(uow_factory, policy_book, ANN, request, NOW + timedelta(hours=n)).id)
    agent = client_as(AGENT)
    first = agent.get("/desk?queue=new").text
    assert "New requests (5)" in first and "Late (0)" in first and "To ship (0)" in first
    assert "(5 in all, 2 on this page" in first
    assert "not counted" not in first  # a queue's tab is counted: the pager claims nothing
    pages = follow(agent, "/desk?queue=new", r'href="/desk/rmas/(\d+)"')
    assert pages == [[str(i) for i in ids[:2]], [str(i) for i in ids[2:4]], [str(ids[4])]]


def test_a_bad_cursor_on_a_page_names_it(client_as: Any, ann_units: None) -> None:
    answer = client_as(AGENT).get("/desk?queue=new&cursor=bogus")
    assert answer.status_code == 422
    assert "cursor" in answer.text


def test_my_rmas_page_by_page(
    client_as: Any, ann_units: None, policy_book: Any, uow_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(portal_rmas, "MY_RMAS_PAGE", 2)
    ids = []
    for n, serial in enumerate(SERIALS[:3]):
        request = RmaRequest(serial=serial, brand="QNAP", symptom="dead", contact_name="Ann",
                             contact_email="ann@example.com", backup_acknowledged=True)  # fmt: skip
        ids.append(open_rma(uow_factory, policy_book, ANN, request, NOW + timedelta(hours=n)).id)
    pages = follow(client_as(ANN), "/my/rmas", r'href="/my/rmas/(\d+)"')
    assert pages == [[str(i) for i in ids[:2]], [str(ids[2])]]

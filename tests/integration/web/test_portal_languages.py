"""Text added to the portals after the first catalogues is in the reader's language too
(issue #26, item 1): the customer's product search, the problems a form names, the sign-in
page's refusal and the public check's error titles, in German and Simplified Chinese."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from portal_support import NOW, add_accounts
from sales_world import AGENT, DIST, build

from warrantor.domain.actors import Actor
from warrantor.services.access.users import NewUser, create_user

PASSWORD = "correct horse battery staple"


def _login_token(client: TestClient) -> str:
    return re.search(r'name="login_token" value="([^"]+)"', client.get("/login").text).group(1)


def _sign_in(client: TestClient, uow_factory: Any) -> None:
    add_accounts(uow_factory)
    bea = NewUser("bea@example.com", "Bea", "customer", "CUST-ANN", PASSWORD)
    create_user(uow_factory, Actor.operator(), bea, NOW)
    signed = client.post("/login", data={"email": "bea@example.com", "password": PASSWORD,
                                         "login_token": _login_token(client)},
                         follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303


def test_the_customers_search_and_a_forms_problems_are_in_german(
    client: TestClient, uow_factory: Any
) -> None:
    _sign_in(client, uow_factory)
    german = {"Accept-Language": "de"}
    page = html.unescape(client.get("/my", params={"q": "NOPE1"}, headers=german).text)
    assert '<label for="my-q">Produkt suchen</label>' in page
    assert 'placeholder="Seriennummer oder Modell"' in page and ">Suchen</button>" in page
    assert "Keines Ihrer Produkte passt zu „NOPE1“." in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = client.post("/my/register", data={"csrf_token": token}, headers=german)
    assert refused.status_code == 422
    text = html.unescape(refused.text)
    assert "Marke: die Marke auf dem Typenschild des Produkts wählen" in text
    assert "Kaufdatum: das Datum auf Ihrem Kaufnachweis eingeben" in text


def test_a_wrong_password_and_an_unknown_serial_are_told_in_chinese(
    client: TestClient, uow_factory: Any
) -> None:
    add_accounts(uow_factory)
    chinese = {"Accept-Language": "zh-CN,zh;q=0.9"}
    wrong = client.post("/login", data={"email": "nobody@example.com", "password": "x" * 12,
                                        "login_token": _login_token(client)},
                        headers=chinese)  # fmt: skip
    assert wrong.status_code == 401 and "电子邮箱或密码错误。" in html.unescape(wrong.text)
    unknown = client.get("/check", params={"serial": "QNOSUCH999"}, headers=chinese)
    assert "<h2>未找到</h2>" in html.unescape(unknown.text)


def test_the_distributor_portal_is_in_german_and_its_form_problems_in_chinese(
    client_as: Any, uow_factory: Any, policy_book: Any
) -> None:
    build(uow_factory, policy_book)
    dist = client_as(DIST)
    quote = {"brand": "QNAP", "model": "TS-453 Pro", "quantity": "2", "years": "1"}
    asked = dist.post("/distributor/quotes/new", data=quote, follow_redirects=False)
    page = asked.headers["location"]
    assert dist.post(page + "/accept", follow_redirects=False).status_code == 303
    paid = client_as(AGENT).post(page + "/pay", data={"reference": "W-1"}, follow_redirects=False)
    assert paid.status_code == 303
    german = {"Accept-Language": "de"}
    detail = html.unescape(dist.get(page, headers=german).text)
    quote_id = page.rsplit("/", 1)[1]
    assert f"<h1>Angebot {quote_id}: 2 × +1 Jahr, QNAP TS-453 Pro</h1>" in detail
    assert "bezahlt am" in detail and "<h2>Seriennummern zuweisen</h2>" in detail
    home = html.unescape(dist.get("/distributor", headers=german).text)
    assert "<h1>Angebote und Bestellungen</h1>" in home and "0 von 2 zugewiesen" in home
    # money as German writes it, on the quote and the list (it was "USD 129.00" in every
    # language): the price each, the total, the balance's value
    for shown in (detail, home):
        assert re.search(r"\d,\d\d\xa0\$", shown) and "USD " not in shown
    chinese_detail = html.unescape(dist.get(page, headers={"Accept-Language": "zh-CN"}).text)
    assert re.search(r"US\$\d+\.\d\d", chinese_detail) and "USD " not in chinese_detail
    chinese = {"Accept-Language": "zh-CN"}
    wrong = dist.post("/distributor/quotes/new", data=quote | {"quantity": "0"}, headers=chinese)
    assert wrong.status_code == 422 and "须为整数，至少为 1" in html.unescape(wrong.text)

"""Pages in the reader's language (issue #26, item 1): the signed-in user's stored setting,
else the chooser's cookie, else Accept-Language; the chooser (a form, no script) and the
settings page; dates and the plain coverage answer written in the page's language, the
policy's clause sentences quoted as published; the API's /me/settings."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from portal_support import NOW, add_accounts

from warrantor.domain.actors import Actor
from warrantor.services.access.language import language_of
from warrantor.services.access.sessions import actor_of
from warrantor.services.access.users import NewUser, create_user

PASSWORD = "correct horse battery staple"
UNIT = {
    "brand": "QNAP",
    "serial": "QLANG0001",
    "model": "TVS-EC1580MU-SAS-RP",
    "manufactured_on": "2024-01-05",
    "purchased_on": "2024-02-01",
    "proof_of_purchase": "RECEIPT-77",
    "country_of_purchase": "CA",
}


def _text(page: Any) -> str:
    return html.unescape(page.text)


@pytest.fixture
def unit(add_units: Any) -> None:
    add_units([UNIT])


def test_the_browsers_language_is_used_when_nobody_chose_one(
    client: TestClient, unit: None
) -> None:
    chinese = client.get(
        "/check", params={"serial": "QLANG0001"}, headers={"Accept-Language": "zh-CN,zh;q=0.9"}
    )
    text = _text(chinese)
    assert '<html lang="zh-Hans">' in text and chinese.headers["content-language"] == "zh-Hans"
    assert "是否在保修范围内？" in text and "由TVS-ECx80U-SAS Series的标准保修保障至" in text
    assert "2029年1月31日" in text  # the date as Chinese writes it
    german = _text(client.get("/check", params={"serial": "QLANG0001"},
                              headers={"Accept-Language": "de-AT, en;q=0.5"}))  # fmt: skip
    assert '<html lang="de">' in german
    assert "Bis 31. Januar 2029 durch die Standardgarantie der TVS-ECx80U-SAS Series" in german
    english = _text(client.get("/check", params={"serial": "QLANG0001"},
                               headers={"Accept-Language": "fr-FR, fr"}))  # fmt: skip
    assert '<html lang="en">' in english and "Covered until 31 January 2029" in english


def test_clause_sentences_stay_as_published_in_every_language(
    client: TestClient, unit: None
) -> None:
    pages = {
        lang: _text(
            client.get("/check", params={"serial": "QLANG0001"}, headers={"Accept-Language": lang})
        )
        for lang in ("en", "de", "zh")
    }
    quoted = set(re.findall(r"“([^”]{20,})”", pages["en"]))
    assert quoted
    for lang in ("de", "zh"):
        assert quoted <= set(re.findall(r"“([^”]{20,})”", pages[lang])), lang


def test_the_chooser_sets_the_language_and_goes_back_to_the_page(
    client: TestClient, unit: None
) -> None:
    page = _text(client.get("/check", params={"serial": "QLANG0001"}))
    chooser = re.search(r'<form class="language" method="post" action="/language">.*?</form>',
                        page, re.S).group(0)  # fmt: skip
    assert 'name="next" value="/check?serial=QLANG0001"' in chooser
    assert '<option value="zh_Hans" lang="zh-Hans">简体中文</option>' in chooser
    chosen = client.post("/language", data={"locale": "de", "next": "/check?serial=QLANG0001"},
                         follow_redirects=False)  # fmt: skip
    assert chosen.status_code == 303 and chosen.headers["location"] == "/check?serial=QLANG0001"
    again = _text(client.get(chosen.headers["location"], headers={"Accept-Language": "en"}))
    assert "Ist es abgedeckt?" in again and '<option value="de" lang="de" selected>' in again
    back = client.post("/language", data={"locale": "en", "next": "//evil.example/"},
                       follow_redirects=False)  # fmt: skip
    assert back.headers["location"] == "/"
    assert "Is it covered?" in client.get("/").text


def test_the_chooser_refuses_a_language_we_do_not_write(client: TestClient) -> None:
    refused = client.post("/language", data={"locale": "fr", "next": "/"},
                          headers={"Accept": "text/html"}, follow_redirects=False)  # fmt: skip
    assert refused.status_code == 422
    assert (
        "no such language: choose one of en (English), zh_Hans (简体中文), de (Deutsch)"
        in _text(refused)
    )


def _sign_in(client: TestClient, uow_factory: Any) -> Actor:
    add_accounts(uow_factory)
    ann = NewUser("ann@example.com", "Ann", "customer", "CUST-ANN", PASSWORD)
    user = create_user(uow_factory, Actor.operator(), ann, NOW)
    form = client.get("/login").text
    token = re.search(r'name="login_token" value="([^"]+)"', form).group(1)
    signed = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                         "login_token": token}, follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303
    return actor_of(user)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_a_signed_in_customer_stores_a_language_that_wins_over_the_browsers(
    client: TestClient, uow_factory: Any
) -> None:
    ann = _sign_in(client, uow_factory)
    page = client.get("/my/settings", headers={"Accept-Language": "de"}).text
    assert (
        "Ihre Einstellungen" in page and '<option value="">Sprache Ihres Browsers</option>' in page
    )
    saved = client.post("/my/settings", data={"locale": "zh_Hans", "csrf_token": _csrf(page)},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert language_of(uow_factory, ann) == "zh_Hans"
    client.cookies.clear()  # the stored setting alone, without the chooser's cookie
    _sign_in_again(client)
    mine = _text(client.get("/my", headers={"Accept-Language": "de"}))
    assert '<html lang="zh-Hans">' in mine and "我的产品" in mine
    wrong = client.post("/my/settings", data={"locale": "klingon", "csrf_token": _csrf(mine)})
    assert wrong.status_code == 422
    assert 'id="e-locale"' in wrong.text
    assert language_of(uow_factory, ann) == "zh_Hans"


def _sign_in_again(client: TestClient) -> None:
    form = client.get("/login").text
    token = re.search(r'name="login_token" value="([^"]+)"', form).group(1)
    client.post("/login", data={"email": "ann@example.com", "password": PASSWORD,
                                "login_token": token})  # fmt: skip


def test_the_chooser_stores_a_signed_in_users_choice_and_needs_the_csrf_token(
    client: TestClient, uow_factory: Any
) -> None:
    ann = _sign_in(client, uow_factory)
    forged = client.post("/language", data={"locale": "de", "next": "/my"}, follow_redirects=False)
    assert forged.status_code == 403 and language_of(uow_factory, ann) is None
    token = _csrf(client.get("/my").text)
    client.post("/language", data={"locale": "de", "next": "/my", "csrf_token": token},
                follow_redirects=False)  # fmt: skip
    assert language_of(uow_factory, ann) == "de"


def test_the_api_reads_and_sets_the_users_language(
    client_as: Any, client: TestClient, uow_factory: Any
) -> None:
    add_accounts(uow_factory)
    new_bob = NewUser("bob@example.com", "Bob", "customer", "CUST-BOB", PASSWORD)
    user = create_user(uow_factory, Actor.operator(), new_bob, NOW)
    bob = client_as(actor_of(user))
    assert bob.get("/api/v1/me/settings").json()["locale"] is None
    assert [lang["code"] for lang in bob.get("/api/v1/me/settings").json()["languages"]] == [
        "en", "zh_Hans", "de"
    ]  # fmt: skip
    assert bob.put("/api/v1/me/settings", json={"locale": "de-DE"}).json()["locale"] == "de"
    refused = bob.put("/api/v1/me/settings", json={"locale": "fr"})
    assert refused.status_code == 422
    assert refused.json()["error"]["problems"][0]["field"] == "locale"
    assert bob.get("/api/v1/me/settings").json()["locale"] == "de"
    assert bob.put("/api/v1/me/settings", json={"locale": None}).json()["locale"] is None
    assert client.get("/api/v1/me/settings").status_code == 401
    assert client.put("/api/v1/me/settings", json={"locale": "de"}).status_code == 401

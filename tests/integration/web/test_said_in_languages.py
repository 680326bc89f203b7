"""Sentences the services build with values in them are in the reader's language on the
customer's pages (issue #26, item 1): the message is translated first, then the serial, the
seconds, the zone or the years are filled in as data; the API keeps its English. Both
engines (the ``client`` fixtures run on each)."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi import APIRouter
from fastapi.testclient import TestClient
from portal_support import ANN, NOW, add_accounts

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.services.access.settings import AuthSettings
from warrantor.services.installed_base.registration import Claim, register_my_unit

GERMAN = {"Accept-Language": "de"}
CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9"}
UNIT = {"brand": "QNAP", "serial": "QSAID0001", "model": "TS-453 Pro",
        "manufactured_on": "2025-09-01", "country_of_purchase": "US"}  # fmt: skip


def _text(page: Any) -> str:
    return html.unescape(page.text)


def test_an_unknown_serial_on_the_public_check_is_named_in_german_and_chinese(
    client: TestClient,
) -> None:
    wanted = {"serial": "qnosuch999", "brand": "QNAP"}
    german = client.get("/check", params=wanted, headers=GERMAN)
    chinese = client.get("/check", params=wanted, headers=CHINESE)
    api = client.get("/api/v1/units/QNAP/QNOSUCH999/coverage", headers=GERMAN)
    assert german.status_code == chinese.status_code == 404
    assert "kein QNAP-Gerät mit der Seriennummer QNOSUCH999" in _text(german)
    assert "没有序列号为 QNOSUCH999 的 QNAP 设备" in _text(chinese)
    for page in (german, chinese):
        assert "unit with serial" not in _text(page)
    assert api.json()["error"]["message"] == "no QNAP unit with serial QNOSUCH999"  # English


def test_the_rate_limits_refusal_names_its_limit_and_seconds_in_the_readers_language(
    client: TestClient,
) -> None:
    client.app.state.auth_settings = AuthSettings(check_rate_limit=1, check_rate_window_seconds=60)  # type: ignore[attr-defined]
    wanted = {"serial": "QNOSUCH999", "brand": "QNAP"}
    assert client.get("/check", params=wanted).status_code == 404  # the one allowed
    chinese = client.get("/check", params=wanted, headers=CHINESE)
    german = client.get("/check", params=wanted, headers=GERMAN)
    assert chinese.status_code == german.status_code == 429
    seconds = chinese.headers["Retry-After"]
    assert f"来自您地址的保修查询过多：每 60 秒最多 1 次；请在 {seconds} 秒后重试" in _text(chinese)
    assert re.search(
        r"zu viele Garantieabfragen von Ihrer Adresse: höchstens 1 alle 60 Sekunden; "
        r"versuchen Sie es in \d+ Sekunden erneut",
        _text(german),
    )
    assert "too many" not in _text(chinese) and "try again" not in _text(german)


def test_someone_elses_serial_on_my_products_is_refused_in_chinese_and_german(
    client_as: Any,
) -> None:
    ann = client_as(ANN)
    chinese = ann.get("/my/units/QNAP/QNOTMINE1", headers=CHINESE | {"Accept": "text/html"})
    german = ann.get("/my/units/QNAP/QNOTMINE1", headers=GERMAN | {"Accept": "text/html"})
    assert chinese.status_code == german.status_code == 404
    assert "您没有序列号为 QNOTMINE1 的 QNAP 设备" in _text(chinese)
    assert "Sie haben kein QNAP-Gerät mit der Seriennummer QNOTMINE1" in _text(german)
    assert "you have no" not in _text(chinese) + _text(german)


def test_the_extension_periods_and_the_policys_answer_are_in_german_and_chinese(
    client_as: Any, uow_factory: Any, policy_book: Any, add_units: Any
) -> None:
    add_accounts(uow_factory)
    add_units([UNIT])
    claim = Claim("QNAP", "QSAID0001", NOW.date(), "INV-1")
    register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)
    ann = client_as(ANN)
    extend = "/my/units/QNAP/QSAID0001/extend"
    german = ann.post(extend, data={"years": "7"}, headers=GERMAN)
    chinese = ann.post(extend, data={"years": "7"}, headers=CHINESE)
    assert german.status_code == chinese.status_code == 422
    assert "1, 2 oder 3 Jahre wählen" in _text(german)
    assert "请选择 1、2或3 年" in _text(chinese)
    assert "choose 1" not in _text(german) + _text(chinese)
    # the policy's answer to the offer (policy.offers), a refusal with its reason
    assert (
        "Diese Garantieverlängerung kann nicht verkauft werden: Garantieverlängerungen können "
        "nur von Direktkunden des Herstellers gekauft werden." in _text(german)
    )
    assert "无法购买此延长保修：延长保修仅限制造商的直接客户购买。" in _text(chinese)
    assert "cannot be sold" not in _text(german) + _text(chinese)


def test_an_unknown_time_zone_is_named_in_german(client_as: Any) -> None:
    refused = client_as(ANN).post(
        "/my/settings", data={"locale": "", "time_zone": "Mars/Olympus"}, headers=GERMAN
    )
    assert refused.status_code == 422
    assert "„Mars/Olympus“ ist keine IANA-Zeitzone" in _text(refused)
    assert "is not an IANA time zone" not in _text(refused)


def test_the_verifiers_reasons_on_the_public_page_are_in_chinese(client: TestClient) -> None:
    page = client.get("/certificates/verify", params={"number": "EXT-NOPE-1"}, headers=CHINESE)
    assert page.status_code == 200
    assert "未签发过编号为 EXT-NOPE-1 的证书" in _text(page)
    assert "was issued" not in _text(page)
    damaged = client.get("/certificates/EXT-NOPE-1/verify", params={"sig": "!"}, headers=GERMAN)
    assert damaged.status_code == 422
    assert "der Signaturteil des Links ist beschädigt" in _text(damaged)
    assert "muss 16 bis 86 Base64url-Zeichen lang sein" in _text(damaged)


def test_a_serial_with_characters_not_allowed_is_told_in_chinese_and_german(
    client: TestClient,
) -> None:
    chinese = client.get("/check", params={"serial": "QN@1"}, headers=CHINESE)
    german = client.get("/check", params={"serial": "QN@1"}, headers=GERMAN)
    assert chinese.status_code == german.status_code == 422
    assert "无效的序列号“QN@1”：序列号含有不允许的字符：'@'" in _text(chinese)
    assert (
        "ungültige Seriennummer „QN@1“: die Seriennummer enthält nicht zulässige Zeichen: '@'"
        in (_text(german))
    )
    assert "not allowed" not in _text(chinese) + _text(german)


def test_a_page_for_other_roles_names_them_in_german_and_chinese(client_as: Any) -> None:
    ann = client_as(ANN)
    german = ann.get("/admin", headers=GERMAN | {"Accept": "text/html"})
    chinese = ann.get("/distributor", headers=CHINESE | {"Accept": "text/html"})
    assert german.status_code == chinese.status_code == 403
    assert "Diese Seite ist für Garantie-Administratoren." in _text(german)
    assert "此页面仅供分销商使用。" in _text(chinese)
    assert "This page is for" not in _text(german) + _text(chinese)


def test_a_file_that_is_no_certificate_is_told_in_german(client: TestClient) -> None:
    files = {"file": ("scan.txt", b"just some text", "text/plain")}
    refused = client.post("/certificates/verify", files=files, headers=GERMAN)
    assert refused.status_code == 422
    assert "weder ein JSON-Zertifikatsdokument noch ein Zertifikat-PDF" in _text(refused)
    assert "neither a certificate" not in _text(refused)


def test_a_bugs_page_says_what_happened_in_chinese_and_the_api_in_english(runtime: Runtime) -> None:
    app = create_app(runtime)
    broken = APIRouter()

    @broken.get("/broken-h1")
    @broken.get("/api/v1/broken-h1")
    def fail() -> None:
        raise RuntimeError("a bug")

    app.include_router(broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/broken-h1", headers=CHINESE | {"Accept": "text/html"})
        api = client.get("/api/v1/broken-h1", headers=CHINESE)
    assert page.status_code == api.status_code == 500
    assert "我们这边出了问题；错误已记录" in _text(page) and "went wrong" not in _text(page)
    assert api.json()["error"]["message"] == "something went wrong on our side; it has been logged"

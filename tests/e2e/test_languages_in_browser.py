"""The public check and a customer's RMA in English, Simplified Chinese and German, in a real
browser (issue #26, item 3): the browser's Accept-Language picks the language (German here
through the chooser in the header instead), labels, sentences, dates and the RMA's timeline
are in it, and axe-core finds no serious or critical violation on any page in any
language."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from warrantor.domain.actors import Actor
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.clock import SystemClock
from warrantor.services.installed_base.unit_import import COLUMNS, import_units
from warrantor.store.accounts import Account

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class Language:
    code: str
    browser: str
    """The browser's locale (its Accept-Language); German starts in English and chooses."""
    html_lang: str
    check: str
    serial_label: str
    covered: str
    ask: str
    symptom: str
    name: str
    email: str
    backup: str
    heading: str
    requested: str
    next_region: str
    next_text: str
    opened: str
    """The timeline's first step: the reason the system wrote, then the symptom as typed."""


LANGUAGES = [
    Language("en", "en-US", "en", "Check", "Serial number", "Covered until", "Ask for an RMA",
             "What is wrong", "Your name", "E-mail address", "I understand that backing up",
             r"^RMA request \d+", "Requested", "What happens next",
             "Our support team will contact you", "by Customer en (customer): opened: Clicks"),
    Language("zh_Hans", "zh-CN", "zh-Hans", "查询", "序列号", "保障至", "申请 RMA",
             "故障描述", "您的姓名", "电子邮箱地址", "我了解备份设备上的数据",
             r"^RMA 申请 \d+", "已申请", "接下来会怎样", "我们的支持团队会联系您",
             "操作人：Customer zh_Hans（客户）: 已提交：Clicks"),
    Language("de", "en-US", "de", "Prüfen", "Seriennummer", "abgedeckt", "RMA anfordern",
             "Was ist defekt", "Ihr Name", "E-Mail-Adresse", "Ich verstehe, dass die Sicherung",
             r"^RMA Anfrage \d+", "Angefragt", "Wie es weitergeht",
             "Unser Support-Team meldet sich bei Ihnen",
             "von Customer de (Kunde): eröffnet: Clicks"),
]  # fmt: skip


def _units(rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(COLUMNS)]
    lines += [",".join(row.get(column, "") for column in COLUMNS) for row in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def customers(live_runtime: Any, live_server: str) -> dict[str, str]:
    """One customer per language, each owning a covered QNAP unit; their e-mail addresses."""
    now = datetime.now(UTC)
    bought = (now.date() - timedelta(days=100)).isoformat()
    made = (now.date() - timedelta(days=300)).isoformat()
    emails = {}
    rows = []
    for lang in LANGUAGES:
        code = f"CUST-LANG-{lang.code.upper()}"
        email = f"lang-{lang.code.lower()}@example.com"
        with live_runtime.uow_factory() as uow:
            uow.accounts.upsert(Account(code, f"Customer {lang.code}", "customer", False, "US",
                                        email), now)  # fmt: skip
        user = NewUser(email, f"Customer {lang.code}", "customer", code, PASSWORD)
        create_user(live_runtime.uow_factory, Actor.operator(), user, now)
        rows.append({"brand": "QNAP", "serial": f"QLANG{lang.code.upper()[:2]}01",
                     "model": "TS-453 Pro", "manufactured_on": made, "purchased_on": bought,
                     "proof_of_purchase": f"INV-{lang.code}", "country_of_purchase": "US",
                     "owner": code})  # fmt: skip
        emails[lang.code] = email
    summary = import_units(live_runtime.uow_factory, io.BytesIO(_units(rows)), live_runtime.book,
                           now=SystemClock().now())  # fmt: skip
    assert summary.rejected == 0, summary
    return emails


@pytest.fixture
def browser_page(browser: Any, csp_watch: Any) -> Iterator[Any]:
    contexts = []

    def open_page(locale: str) -> Any:
        size = {"width": 1100, "height": 800}
        context = csp_watch(browser.new_context(locale=locale, viewport=size))
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def assert_accessible(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    described = [f"{v['id']} ({v['impact']}): {v['help']}" for v in blocking]
    assert not blocking, f"{page.url}: " + "; ".join(described)


@pytest.mark.parametrize("lang", LANGUAGES, ids=[lang.code for lang in LANGUAGES])
def test_the_public_check_and_a_customers_rma_in_each_language(
    lang: Language, browser_page: Any, customers: dict[str, str], live_server: str
) -> None:
    page = browser_page(lang.browser)
    page.goto(live_server + "/")
    if lang.code == "de":  # the chooser: a form in the header, no script
        assert page.locator("html").get_attribute("lang") == "en"
        page.locator("#language-choice").select_option("de")
        page.locator("form.language button").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang.html_lang
    assert_accessible(page)

    serial = f"QLANG{lang.code.upper()[:2]}01"
    page.get_by_label(lang.serial_label).fill(serial.lower())
    page.get_by_role("button", name=lang.check, exact=True).click()
    verdict = page.locator("#answer .verdict")
    verdict.wait_for()
    assert lang.covered in verdict.inner_text()
    assert_accessible(page)

    page.goto(live_server + "/login")
    page.locator("input[name=email]").fill(customers[lang.code])
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    assert page.locator("html").get_attribute("lang") == lang.html_lang
    assert_accessible(page)

    page.goto(f"{live_server}/my/units/QNAP/{serial}")
    page.get_by_role("link", name=lang.ask).first.click()
    page.get_by_label(lang.symptom).fill("Clicks, then the volume goes read-only")
    page.get_by_label(lang.name).fill("Customer")
    page.get_by_label(lang.email).fill(customers[lang.code])
    page.get_by_label(lang.backup).check()
    assert_accessible(page)
    page.get_by_role("button", name=lang.ask).click()
    page.get_by_role("heading", name=re.compile(lang.heading)).wait_for()
    assert lang.requested in page.locator(".facts").inner_text()
    next_step = page.get_by_role("region", name=lang.next_region)
    assert lang.next_text in next_step.inner_text()
    assert lang.opened in page.locator("ol.timeline").inner_text()
    assert_accessible(page)

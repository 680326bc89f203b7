"""Issue #26's rule for mail, on help requests: what was done, when the agent wrote no note,
is said in the mail's and the page's language (it was English in a German mail and on a
Chinese page); a request that states no language we write (an API client's) leaves the mail
to the recipient's account's country (it was English)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, NOW, seed

from warrantor.http.language import stated_locale
from warrantor.services.help_requests.resolution import MOVED
from warrantor.services.installed_base.ownership import COVERAGE_NOTE
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

URL = "/api/v1/help-requests"
ASK = {
    "brand": "QNAP",
    "serial": "Q26HELPDE1",
    "description": "bought at a fair, the check says unknown serial",
    "purchased_on": "2026-03-14",
    "proof_of_purchase": "FAIR-89",
    "contact_email": "ann@example.com",
}


@pytest.fixture
def seeded(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    seed(uow_factory, add_units)


def test_the_default_resolution_is_in_the_mails_and_the_pages_language(
    client_as: Any, seeded: None, uow_factory: UnitOfWorkFactory
) -> None:
    ann, agent = client_as(ANN), client_as(AGENT)
    sent = ann.post(URL, data=ASK)
    assert sent.status_code == 201, sent.text
    request_id = sent.json()["id"]

    done = agent.post(
        f"{URL}/{request_id}/resolve",
        json={"model": "TS-453 Pro", "country": "US"},
        headers={"Accept-Language": "de"},  # the request that causes the mail (Ann chose none)
    )

    assert done.status_code == 200, done.text
    with uow_factory() as uow:
        [mail] = uow.outbox.find(reference=f"help request {request_id}")
    assert "  Das Gerät wurde als Ihres in unsere Unterlagen aufgenommen." in mail.body
    page = ann.get(f"/my/help/{request_id}", headers={"Accept-Language": "zh-CN"})
    assert "该设备已作为您的设备录入我们的记录。" in html.unescape(page.text)
    english = ann.get(f"/my/help/{request_id}", headers={"Accept-Language": "en"})
    assert "The unit was added to our records as yours." in html.unescape(english.text)


def test_the_marked_note_of_a_moved_unit_says_what_the_coverage_note_says() -> None:
    assert MOVED.endswith(" " + COVERAGE_NOTE)


@pytest.mark.parametrize("header", [None, "fr-FR, fr"])
def test_a_request_stating_no_language_we_write_leaves_the_mail_to_the_accounts_country(
    client_as: Any, seeded: None, uow_factory: UnitOfWorkFactory, header: str | None
) -> None:
    """An API client sends no Accept-Language: that request states no language, so the mail
    it causes is in the language of the recipient's account's country (German for an
    account in Germany), not in English by default as it was."""
    with uow_factory() as uow:
        uow.accounts.upsert(Account("CUST-ANN", "Ann Smith", "customer", country="DE"), NOW)
    sent = client_as(ANN).post(URL, data=ASK)
    assert sent.status_code == 201, sent.text
    request_id = sent.json()["id"]
    headers = {"Accept-Language": header} if header else {}

    done = client_as(AGENT).post(
        f"{URL}/{request_id}/resolve", json={"model": "TS-453 Pro"}, headers=headers
    )

    assert done.status_code == 200, done.text
    with uow_factory() as uow:
        [mail] = uow.outbox.find(reference=f"help request {request_id}")
    assert mail.body.startswith("Hallo,"), mail.body[:80]


def test_what_language_a_request_states() -> None:
    assert stated_locale(None, None) is None
    assert stated_locale(None, "fr-FR, fr") is None
    assert stated_locale(None, "fr, en;q=0.5") == "en"
    assert stated_locale(None, "de-AT") == "de"
    assert stated_locale("zh-hans", "de") == "zh_Hans"  # the chooser's cookie first

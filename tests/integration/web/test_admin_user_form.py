"""The admin's "Add a user" form names roles and accounts (issue #25, item 2: names, not
codes): each role in the users table's words, the account chosen by its name from those
matching what is typed ('Acme Analytics Corp. (CUST-US-029)'), its code sent; a name no
account has, or several have, is refused next to the field."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from portal_support import ADMIN, NOW, add_accounts, field_error, summary_links

from warrantor.store.accounts import Account

PASSWORD = "correct horse battery staple"
NEW = {"email": "new@example.com", "name": "New", "role": "customer", "password": PASSWORD}


@pytest.fixture
def accounts(uow_factory: Any) -> None:
    add_accounts(uow_factory)
    with uow_factory() as uow:
        for code, name in (("CUST-US-029", "Acme Analytics Corp."),
                           ("CUST-US-030", "Twin Shop"), ("CUST-US-031", "Twin Shop")):  # fmt: skip
            uow.accounts.upsert(Account(code, name, "customer"), NOW)


def _options(page: str, select: str) -> list[tuple[str, str]]:
    chooser = re.search(rf'<select id="f-{select}".*?</select>', page, re.S)
    assert chooser is not None, f"no {select} list on the page"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', chooser.group(0))


def _offered(page: str) -> list[tuple[str, str]]:
    """The accounts the account field's list offers: each one's code and what it shows."""
    found = re.search(r'<datalist id="account-choices">(.*?)</datalist>', page, re.S)
    assert found is not None, "no list of accounts for the account field"
    return re.findall(r'<option value="([^"]*)">([^<]*)</option>', html.unescape(found.group(1)))


def test_the_form_names_the_roles_and_offers_the_accounts_by_name(
    client_as: Any, accounts: None
) -> None:
    admin = client_as(ADMIN)
    page = admin.get("/admin/users").text
    roles = _options(page, "role")
    assert ("agent", "Agent") in roles and ("distributor", "Distributor") in roles
    assert all(text[:1].isupper() for value, text in roles if value)
    assert '<label for="f-account">Account' in page and 'list="account-choices"' in page

    typed = admin.get("/admin/users/account-choices", params={"account": "acme"})
    assert typed.status_code == 200
    assert _offered(typed.text) == [("CUST-US-029", "Acme Analytics Corp. (CUST-US-029)")]
    assert _offered(admin.get("/admin/users/account-choices").text) == []


def test_a_found_account_leads_to_the_form_with_it_chosen(client_as: Any, accounts: None) -> None:
    admin = client_as(ADMIN)
    found = admin.get("/admin/users", params={"q": "Acme"}).text
    assert 'href="/admin/users?account=CUST-US-029#add-user"' in found
    chosen = admin.get("/admin/users", params={"account": "CUST-US-029"}).text
    assert 'name="account" type="text"\n         value="CUST-US-029"' in chosen
    assert ("CUST-US-029", "Acme Analytics Corp. (CUST-US-029)") in _offered(chosen)


@pytest.mark.parametrize(
    "typed", ["CUST-US-029", "Acme Analytics Corp.", "acme analytics corp.",
              "Acme Analytics Corp. (CUST-US-029)"],
)  # fmt: skip
def test_the_account_is_taken_by_its_code_its_name_or_as_shown(
    client_as: Any, accounts: None, typed: str
) -> None:
    admin = client_as(ADMIN)
    added = admin.post("/admin/users", data=NEW | {"account": typed}, follow_redirects=False)
    assert added.status_code == 303, field_error(added.text, "account")
    listed = admin.get("/admin/users").text
    row = re.search(r"<tr><td data-label=\"Email\">new@example.com</td>.*?</tr>", listed, re.S)
    assert row is not None
    assert 'Acme Analytics Corp. <span class="hint">(CUST-US-029)</span>' in row.group(0)


def test_an_account_no_one_or_several_are_named_is_refused_next_to_the_field(
    client_as: Any, accounts: None
) -> None:
    admin = client_as(ADMIN)
    nobody = admin.post("/admin/users", data=NEW | {"account": "Nobody Inc"})
    assert nobody.status_code == 422
    assert "account" in summary_links(nobody.text)
    assert "no account is named 'Nobody Inc'" in html.unescape(field_error(nobody.text, "account"))
    twins = admin.post("/admin/users", data=NEW | {"account": "Twin Shop"})
    assert twins.status_code == 422
    said = html.unescape(field_error(twins.text, "account"))
    assert "several accounts are named 'Twin Shop'" in said
    assert "Twin Shop (CUST-US-030)" in said and "Twin Shop (CUST-US-031)" in said
    # what was typed comes back, the accounts like it offered
    assert {code for code, _ in _offered(twins.text)} >= {"CUST-US-030", "CUST-US-031"}
    assert "new@example.com" not in admin.get("/admin/users").text

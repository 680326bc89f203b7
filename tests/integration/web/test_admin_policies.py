"""The admin's policy page: every policy in force with its case results and lint findings."""

from __future__ import annotations

import re
from typing import Any

from portal_support import ADMIN, AGENT, ANN, add_accounts, field_error

from warrantor.policy.cases import run_cases


def test_the_admin_sees_each_policy_with_how_many_of_its_cases_pass(
    client_as: Any, policy_book: Any
) -> None:
    page = client_as(ADMIN).get("/admin/policies")
    assert page.status_code == 200
    for policy in policy_book.policies():
        results = run_cases(policy)
        passed = sum(1 for result in results if result.passed)
        assert policy.id in page.text
        assert re.search(rf"{passed} of {len(results)} cases pass", page.text)
    assert "lint finding" in page.text


def test_policies_are_for_admins_only(client_as: Any) -> None:
    assert client_as(AGENT).get("/admin/policies").status_code == 403
    assert client_as(ANN).get("/admin/policies").status_code == 403


def test_the_admin_adds_a_price_list_and_sees_it(client_as: Any, uow_factory: Any) -> None:
    admin = client_as(ADMIN)
    form = {"brand": "QNAP", "product_line": "TS-x53", "years": "1", "amount": "79.00",
            "currency": "USD", "valid_from": "2026-12-01"}  # fmt: skip
    assert admin.post("/admin/prices", data=form, follow_redirects=False).status_code == 303
    page = admin.get("/admin/prices").text
    assert "TS-x53 NAS Series" in page and "79.00" in page and "2026-12-01" in page


def test_a_price_with_a_bad_amount_or_date_is_named_next_to_the_field(client_as: Any) -> None:
    form = {"brand": "QNAP", "product_line": "TS-x53", "years": "x", "amount": "",
            "currency": "USD", "valid_from": "soon"}  # fmt: skip
    page = client_as(ADMIN).post("/admin/prices", data=form)
    assert page.status_code == 422
    # the line is chosen by its name and stays chosen
    assert '<option value="TS-x53" selected>TS-x53 NAS Series (QNAP)</option>' in page.text
    assert field_error(page.text, "amount") == "is required"
    assert "whole number" in field_error(page.text, "years")
    assert "like 2026-11-23" in field_error(page.text, "valid_from")


def test_the_admin_adds_a_user_and_a_bad_email_is_named(client_as: Any, uow_factory: Any) -> None:
    add_accounts(uow_factory)
    admin = client_as(ADMIN)
    form = {"email": "new@example.com", "name": "New", "role": "agent", "account": "MAKER",
            "password": "correct horse battery staple"}  # fmt: skip
    assert admin.post("/admin/users", data=form, follow_redirects=False).status_code == 303
    listed = admin.get("/admin/users").text
    assert "new@example.com" in listed
    # names, not codes (issue #25): the role and the account by their names, the code a hint
    assert '<td data-label="Role">Agent</td>' in listed
    assert 'The maker <span class="hint">(MAKER)</span>' in listed
    bad = admin.post("/admin/users", data=form | {"email": "nope"})
    assert bad.status_code == 422
    assert "not an email address" in field_error(bad.text, "email")


def test_prices_and_users_are_for_admins_only(client_as: Any) -> None:
    assert client_as(AGENT).get("/admin/prices").status_code == 403
    assert client_as(ANN).get("/admin/users").status_code == 403

"""The admin's policy page: every policy in force with its case results and lint findings."""

from __future__ import annotations

import re
from typing import Any

from portal_support import ADMIN, AGENT, ANN

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

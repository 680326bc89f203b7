"""Portal forms carry the session's CSRF token, and a post without it changes nothing."""

from __future__ import annotations

import re
from typing import Any

from portal_support import NOW, add_accounts

from warrantor.domain.actors import Actor, Role
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.installed_base.registration import my_units

PASSWORD = "correct horse battery staple"


def _signed_in(client: Any, uow_factory: Any) -> None:
    add_accounts(uow_factory)
    user = NewUser("ann@example.com", "Ann", "customer", "CUST-ANN", PASSWORD)
    create_user(uow_factory, Actor.operator(), user, NOW)
    form = client.get("/login").text
    token = re.search(r'name="login_token" value="([^"]+)"', form).group(1)
    signed = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                         "login_token": token}, follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303


def test_a_signed_in_customers_form_carries_the_token_and_only_a_post_with_it_registers(
    client: Any, uow_factory: Any, add_units: Any
) -> None:
    _signed_in(client, uow_factory)
    add_units([{"brand": "QNAP", "serial": "QCSRF1", "model": "TS-453 Pro",
                "country_of_purchase": "US"}])  # fmt: skip
    page = client.get("/my/register").text
    token = re.search(r'name="csrf_token" value="([^"]*)"', page).group(1)
    assert token
    claim = {"brand": "QNAP", "serial": "QCSRF1", "purchased_on": "2026-01-02",
             "proof_of_purchase": "R-1"}  # fmt: skip
    forged = client.post("/my/register", data=claim, follow_redirects=False)
    assert forged.status_code == 403
    ann = Actor(Role.CUSTOMER, "CUST-ANN")
    assert my_units(uow_factory, ann) == []
    done = client.post("/my/register", data=claim | {"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    assert [u.serial for u in my_units(uow_factory, ann)] == ["QCSRF1"]

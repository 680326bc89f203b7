"""A user's time zone comes from their browser at their first sign-in (issue #26, item 2):
the page's same-origin script (no inline script: the CSP watch fails the test on one) posts
the browser's zone; the next page shows times on that clock, and the settings page has it."""

from __future__ import annotations

from typing import Any

import pytest

from warrantor.domain.actors import Actor
from warrantor.services.access.sessions import actor_of
from warrantor.services.access.time_zone import time_zone_of
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.clock import SystemClock
from warrantor.store.accounts import Account

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
ZONE = "America/Sao_Paulo"


def test_the_first_sign_in_sets_the_zone_from_the_browser(
    browser: Any, live_runtime: Any, live_server: str, csp_watch: Any
) -> None:
    now = SystemClock().now()
    with live_runtime.uow_factory() as uow:
        uow.accounts.upsert(Account("CUST-TZ", "Tia Customer", "customer", False, "BR"), now)
    new = NewUser("tia@example.com", "Tia", "customer", "CUST-TZ", PASSWORD)
    tia = actor_of(create_user(live_runtime.uow_factory, Actor.operator(), new, now))
    assert time_zone_of(live_runtime.uow_factory, tia) is None

    context = csp_watch(browser.new_context(timezone_id=ZONE, locale="en-US"))
    try:
        page = context.new_page()
        page.goto(live_server + "/login")
        page.get_by_label("Email").fill("tia@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/login" not in url)
        report = page.locator("#time-zone-report")
        report.wait_for(state="attached")
        page.wait_for_function(
            "document.getElementById('time-zone-report').hasAttribute('data-reported')"
        )
        assert report.get_attribute("data-reported") == ZONE
        assert time_zone_of(live_runtime.uow_factory, tia) == ZONE

        page.goto(live_server + "/my/settings")
        assert page.get_by_label("Time zone").input_value() == ZONE
        assert page.locator("#time-zone-report").count() == 0  # asked once
    finally:
        context.close()

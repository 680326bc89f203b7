"""A person checks a warranty on the public page, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_a_customer_checks_a_serial_and_sees_coverage_and_reasons(
    page: Any, live_server: str
) -> None:
    page.goto(live_server + "/")
    page.get_by_label("Serial number").fill("qe2e0001")
    page.get_by_label("On day").fill("2026-01-15")
    page.get_by_role("button", name="Check").click()
    answer = page.locator("#answer")
    answer.get_by_text(
        "Covered until 31 January 2027 by the standard warranty of the TS-x53 NAS Series"
    ).wait_for()
    assert "TS-453 Pro" in answer.inner_text()
    assert answer.locator(".reasons li").count() >= 1
    # htmx swapped the answer in and pushed the query to the address bar
    assert "serial=qe2e0001" in page.url


def test_an_unknown_serial_is_announced_as_an_alert(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    page.get_by_label("Serial number").fill("NOSUCH777")
    page.get_by_role("button", name="Check").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "NOSUCH777" in alert.inner_text()


def test_a_netac_ssd_shows_its_tbw_as_not_verified(page: Any, live_server: str) -> None:
    page.goto(live_server + "/check?serial=NE2E0001&brand=Netac&on=2026-01-15")
    text = page.locator("#answer").inner_text()
    assert "not verified" in text

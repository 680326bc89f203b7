"""The browser tests fail on a CSP violation: the watch every page fixture uses sees one."""

from __future__ import annotations

from typing import Any

from csp_watch import CspViolations

INLINE = b"<!doctype html><title>t</title><p style='color:red'>x</p><script>window.x = 1</script>"


def test_an_inline_script_and_style_on_a_page_of_the_app_are_reported(
    browser: Any, live_server: str
) -> None:
    violations = CspViolations()
    context = violations.watch(browser.new_context())
    page = context.new_page()
    real = page.goto(live_server + "/")  # the policy the app really sends
    assert real is not None
    policy = real.headers["content-security-policy"]
    page.route(
        live_server + "/inline-test",
        lambda route: route.fulfill(
            status=200,
            body=INLINE,
            headers={"content-type": "text/html", "content-security-policy": policy},
        ),
    )

    page.goto(live_server + "/inline-test")
    page.wait_for_function("document.readyState === 'complete'")
    context.close()

    assert any("script-src" in found for found in violations.found), violations.found
    assert any("style-src" in found for found in violations.found), violations.found


def test_the_app_pages_report_none(page: Any, live_server: str) -> None:
    for path in ("/", "/login", "/certificates/verify", "/check?serial=QE2E0001&brand=QNAP"):
        page.goto(live_server + path)
        page.wait_for_function("document.readyState === 'complete'")
    assert page.evaluate("typeof htmx") == "object"  # the static script ran under the policy

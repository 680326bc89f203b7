"""The portals in a real browser: a customer, an agent, a technician and a distributor at work.

Each page a journey visits is checked with axe-core (``axe-playwright-python``):
a serious or critical violation fails the test. No rule is disabled.
The service desk's queue is also photographed for the README: into
``docs/screenshots/service-desk.png`` when ``WARRANTOR_SCREENSHOTS=1`` (so an
ordinary run leaves the committed picture alone), else into a temporary folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from portal_world import PASSWORD, PortalWorld, build_portal_world

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SMART_SAMPLE = ROOT / "tests" / "fixtures" / "smartctl" / "scrutiny__smart-nvme.json"
SCREENSHOT = ROOT / "docs" / "screenshots" / "service-desk.png"
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def world(live_runtime: Any, live_server: str) -> PortalWorld:
    return build_portal_world(live_runtime)


@pytest.fixture
def as_user(browser: Any, live_server: str, csp_watch: Any) -> Iterator[Any]:
    """``as_user(email)``: a new browser page signed in as that user through the login form
    (a CSP violation on any of its pages fails the test)."""
    contexts = []

    def sign_in(email: str, viewport: dict[str, int] | None = None) -> Any:
        size = viewport or {"width": 1100, "height": 800}
        context = csp_watch(browser.new_context(viewport=size))
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server + "/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/login" not in url)
        return page

    yield sign_in
    for context in contexts:
        context.close()


def assert_accessible(page: Any) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in blocking
    ]
    assert not blocking, f"{page.url}: " + "; ".join(described)


def test_a_customer_checks_a_serial_registers_it_asks_for_an_rma_and_follows_it(
    as_user: Any, world: PortalWorld, live_server: str
) -> None:
    page = as_user(world.customer)
    assert page.url.endswith("/my")
    assert_accessible(page)

    page.get_by_role("link", name="Check a warranty").click()
    page.get_by_label("Serial number").fill("QE2E0100")
    page.get_by_role("button", name="Check").click()
    page.locator("#answer").get_by_text("TS-453 Pro").first.wait_for()
    answer = page.locator("#answer").inner_text()
    assert "we need more information" in answer  # no proof of purchase on file yet
    assert "FACTS.md" not in answer and "inferred" not in answer
    assert_accessible(page)

    page.goto(live_server + "/my/register")
    page.get_by_role("button", name="Register").click()  # empty: errors first
    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "Serial number" in summary.inner_text()
    assert_accessible(page)
    page.get_by_label("Brand").select_option("QNAP")
    page.get_by_label("Serial number").fill("qe2e0100")
    page.get_by_label("Date of purchase").fill("2026-06-01")
    page.get_by_label("Invoice or receipt number").fill("RCPT-2026-0601")
    page.get_by_role("button", name="Register").click()
    page.get_by_text("Registered to you").wait_for()
    assert "Covered until" in page.locator(".verdict").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Ask for an RMA").click()
    page.get_by_label("What is wrong").fill("Clicks, then the volume goes read-only")
    page.get_by_label("Your name").fill("Casey")
    page.get_by_label("E-mail address").fill("casey@example.com")
    page.get_by_label("I understand that backing up").check()
    assert_accessible(page)
    page.get_by_role("button", name="Ask for an RMA").click()
    page.get_by_role("heading", name=re.compile(r"^RMA request \d+")).wait_for()
    assert "Requested" in page.locator(".facts").inner_text()
    assert "Served by" in page.locator(".facts").inner_text()
    next_step = page.get_by_role("region", name="What happens next")
    assert "Our support team will contact you" in next_step.inner_text()
    assert "Timeline" in page.content()
    assert_accessible(page)


def test_an_agent_issues_the_rma_number_and_the_customer_sees_it(
    as_user: Any, world: PortalWorld, live_server: str
) -> None:
    agent = as_user(world.agent)
    agent.goto(live_server + "/desk?queue=new")
    assert_accessible(agent)
    agent.locator("#queue tr", has_text="QE2E0303").get_by_role("link").click()
    agent.get_by_text("Technical support is the first contact", exact=False).wait_for()
    agent.get_by_role("button", name="Start troubleshooting").click()  # QNAP's first step
    agent.get_by_role("button", name="Resolve remotely").wait_for()  # the panel swapped
    agent.get_by_role("button", name="Validate documents").click()  # htmx swaps the panel
    agent.get_by_text("RMA number due by", exact=True).wait_for()
    agent.get_by_role("button", name="Issue the RMA number").click()
    notice = agent.get_by_role("status").filter(has_text="issued")
    notice.wait_for()
    number = re.search(r"RMA number (\S+) issued", notice.inner_text()).group(1)
    assert_accessible(agent)

    customer = as_user(world.customer)
    customer.goto(live_server + "/my/rmas")
    customer.get_by_role("link", name=number).click()
    customer.get_by_role("heading", name="How to send the unit").wait_for()
    next_step = customer.get_by_role("region", name="What happens next").inner_text()
    assert "Send the unit as described below" in next_step
    assert_accessible(customer)


def test_a_technician_receives_a_parcel_and_inspects_with_a_smart_upload(
    as_user: Any, world: PortalWorld
) -> None:
    page = as_user(world.technician)
    page.get_by_role("link", name="Receive a parcel").first.click()
    page.get_by_label("RMA number on the parcel").fill(world.ssd_rma_number)
    page.get_by_label("Carrier").fill("SF Express")
    assert_accessible(page)
    page.get_by_role("button", name="Receive").click()
    page.get_by_role("heading", name=f"RMA {world.ssd_rma_number}").wait_for()
    page.get_by_label("smartctl --json output").set_input_files(str(SMART_SAMPLE))
    page.get_by_role("button", name="Record the inspection").click()
    report = page.get_by_role("heading", name=re.compile("SMART report"))
    report.wait_for()
    assert "does not match the unit" in page.content()  # the sample is another drive's
    assert_accessible(page)


def test_a_distributor_buys_extensions_and_downloads_a_certificate(
    as_user: Any, world: PortalWorld, live_server: str
) -> None:
    dist = as_user(world.distributor)
    dist.get_by_role("link", name="Ask for a quote").first.click()
    dist.get_by_label("Brand").select_option("QNAP")
    dist.get_by_label("Model").fill("TS-453 Pro")
    dist.get_by_label("Quantity").fill("2")
    dist.get_by_label("Years").fill("1")
    assert_accessible(dist)
    dist.get_by_role("button", name="Ask for a quote").click()
    dist.get_by_role("button", name="Accept the quote").click()
    quote_url = dist.url

    agent = as_user(world.agent)
    agent.goto(quote_url)
    agent.get_by_label("Reference").fill("WIRE-E2E-1")
    agent.get_by_role("button", name="Mark as paid").click()
    agent.get_by_text("paid on").wait_for()

    dist.reload()
    dist.get_by_label("Serial numbers").fill("QE2E0201\nQE2E0202")
    assert_accessible(dist)
    dist.get_by_role("button", name="Assign").click()
    link = dist.get_by_role("link", name=re.compile(r"certificate .* \(PDF\)")).first
    link.wait_for()
    with dist.expect_download() as download_info:
        link.click(modifiers=["Alt"])  # Alt-click: save the link's target
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert_accessible(dist)


def test_the_service_desk_queue_reads_on_a_phone_and_is_photographed(
    as_user: Any, world: PortalWorld, live_server: str, tmp_path: Path
) -> None:
    phone = as_user(world.agent, viewport={"width": 390, "height": 844})
    phone.goto(live_server + "/desk?queue=late")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(phone)

    desk = as_user(world.agent, viewport={"width": 1000, "height": 440})
    desk.goto(live_server + "/desk?queue=number")
    desk.locator("#queue table").wait_for()
    assert desk.locator("tr.is-late").count() >= 1
    target = SCREENSHOT if os.environ.get("WARRANTOR_SCREENSHOTS") == "1" else tmp_path / "desk.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    desk.screenshot(path=str(target), full_page=True, type="png")
    assert target.stat().st_size < 300_000

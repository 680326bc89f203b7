"""Browser tests: the real app served over HTTP on loopback, driven by Playwright in Chromium.

Playwright's own browser download is blocked here, so it launches a system
Chromium (Debian's ``/usr/bin/chromium``, or ``WARRANTOR_CHROMIUM``). Without
one, these tests are skipped and the run's summary says how to provide it;
under ``WARRANTOR_REQUIRE_ALL_PARTS=1`` (CI) they fail instead.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from csp_watch import CspViolations

from warrantor.app import create_app
from warrantor.bootstrap import Runtime, build_runtime
from warrantor.services.access.settings import AuthSettings
from warrantor.services.installed_base.unit_import import import_units
from warrantor.settings import Settings
from warrantor.store.migrate import upgrade

HOW_TO_PROVIDE_CHROMIUM = (
    "install Debian's chromium (apt-get install chromium) or set WARRANTOR_CHROMIUM "
    "to a Chromium binary"
)

E2E_UNITS = b"""\
brand,serial,model,manufactured_on,purchased_on,proof_of_purchase,country_of_purchase
QNAP,QE2E0001,TS-453 Pro,2025-01-02,2025-02-01,INV-E2E-1,US
Netac,NE2E0001,NV7000 2TB,2025-04-01,,,CN
"""


def _chromium_path() -> tuple[str | None, str | None]:
    """The Chromium binary to use, or why there is none."""
    wanted = os.environ.get("WARRANTOR_CHROMIUM") or shutil.which("chromium") or ""
    if not wanted:
        return None, "no chromium on PATH and WARRANTOR_CHROMIUM is not set"
    if not os.access(wanted, os.X_OK):
        return None, f"{wanted} is not an executable"
    return wanted, None


@pytest.fixture(scope="session")
def browser(require_part: Any) -> Iterator[Any]:
    """A headless Chromium driven by Playwright, shared by the session's browser tests."""
    path, problem = _chromium_path()
    require_part("chromium", HOW_TO_PROVIDE_CHROMIUM, problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_runtime(tmp_path_factory: pytest.TempPathFactory) -> Runtime:
    """The runtime the live server serves: a fresh, migrated SQLite database with a few units.

    Browser tests that need more (accounts, users, price lists) add them through
    the services on this runtime before they open a page.
    """
    folder: Path = tmp_path_factory.mktemp("e2e")
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'e2e.sqlite3'}")
    upgrade(settings.effective_database_url)
    runtime = build_runtime(settings)
    import_units(runtime.uow_factory, io.BytesIO(E2E_UNITS), runtime.book, now=runtime.clock.now())
    return runtime


@pytest.fixture(scope="session")
def live_server(live_runtime: Runtime) -> Iterator[str]:
    """The app serving ``live_runtime``, at an http:// URL on loopback."""
    port = _free_port()
    app = create_app(live_runtime)
    # Every browser test signs in from 127.0.0.1 on this one server: the journeys, each
    # language's walk and the time-zone test together make more than the 10 sign-ins a
    # minute one address may try. The limit has its own tests; here it is set out of reach.
    app.state.auth_settings = AuthSettings(login_rate_limit=10_000)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def csp_watch() -> Iterator[Any]:
    """``csp_watch(context)``: watch a browser context's pages; the test fails at its end if
    any page reported a CSP violation (an inline script or style, an ``eval``, a file
    from elsewhere: whatever the policy forbids)."""
    violations = CspViolations()
    yield violations.watch
    if violations.found:
        pytest.fail("the pages reported CSP violations:\n" + "\n".join(violations.found))


@pytest.fixture
def page(browser: Any, csp_watch: Any) -> Iterator[Any]:
    context = csp_watch(browser.new_context())
    page = context.new_page()
    yield page
    context.close()

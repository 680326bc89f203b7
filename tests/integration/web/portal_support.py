"""Helpers the portal page tests share: accounts, actors and form posts.

Imported by the ``test_portal*``, ``test_desk*``, ``test_admin*`` and
``test_reports*`` modules of this folder (pytest puts the folder on the path).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.services.clock import FixedClock
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

ANN = Actor(role=Role.CUSTOMER, account_code="CUST-ANN", user_id=1, name="Ann")
BOB = Actor(role=Role.CUSTOMER, account_code="CUST-BOB", user_id=2, name="Bob")
DIST = Actor(role=Role.DISTRIBUTOR, account_code="DIST-US", user_id=3, name="Dana")
AGENT = Actor(role=Role.AGENT, account_code="MAKER", user_id=4, name="Alex")
TECH = Actor(role=Role.TECHNICIAN, account_code="MAKER", user_id=5, name="Tess")
ADMIN = Actor(role=Role.ADMIN, account_code="MAKER", user_id=6, name="Ada")


def add_accounts(uow_factory: UnitOfWorkFactory) -> None:
    """The accounts the actors above act for."""
    with uow_factory() as uow:
        uow.accounts.upsert(Account("CUST-ANN", "Ann Smith", "customer"), NOW)
        uow.accounts.upsert(Account("CUST-BOB", "Bob Jones", "customer"), NOW)
        uow.accounts.upsert(
            Account("DIST-US", "US Distributor", "distributor", is_direct_customer=True), NOW
        )
        uow.accounts.upsert(Account("MAKER", "The maker", "admin"), NOW)


def field_error(html: str, field: str) -> str:
    """The error text shown next to ``field`` (empty when there is none)."""
    found = re.search(rf'<p class="field-error" id="e-{field}">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)).strip() if found else ""


def summary_links(html: str) -> list[str]:
    """The fields the error summary at the top links to."""
    return re.findall(r'<a href="#f-([a-z_]+)">', html)


def app_at(runtime: Runtime, actor: Actor, instant: datetime) -> TestClient:
    """A client of the app whose clock reads ``instant`` (e.g. days later, to see what is late).

    Use it as a context manager; ``actor`` is signed in as ``client_as`` does.
    """
    from warrantor.http.actor import get_actor

    app = create_app(replace(runtime, clock=FixedClock(instant)))
    app.dependency_overrides[get_actor] = lambda: actor
    return TestClient(app)


def validate_on_desk(agent: TestClient, rma_id: int | str, **form: str) -> Any:
    """An agent validates a QNAP RMA's documents on its desk page after the first contact
    QNAP's policy asks for (troubleshooting started there first, issue 19); the answer to
    the validation."""
    agent.post(f"/desk/rmas/{rma_id}/event", data={"event": "start_troubleshooting"})
    return agent.post(f"/desk/rmas/{rma_id}/validate", data=form)

"""Fixtures for tests that drive the real app and services on the test databases."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.certificates.keys import KeyRing
from warrantor.services.clock import FixedClock, SystemClock
from warrantor.services.installed_base.unit_import import COLUMNS, ImportSummary, import_units
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.settings import Settings

TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
"""The tests' 'now': a Monday."""


def make_units_csv(rows: list[dict[str, str]]) -> bytes:
    """A units file with every column, from rows that name only what they need."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in COLUMNS})
    return out.getvalue().encode()


@pytest.fixture
def units_csv() -> Any:
    """``units_csv(rows)``: the bytes of a units file holding ``rows``."""
    return make_units_csv


@pytest.fixture
def add_units(uow_factory: UnitOfWorkFactory, policy_book: Any) -> Any:
    """Store units through the real import: ``add_units([{brand, serial, model, ...}])``."""

    def add(rows: list[dict[str, str]]) -> ImportSummary:
        return import_units(
            uow_factory, io.BytesIO(make_units_csv(rows)), policy_book, now=SystemClock().now()
        )

    return add


@pytest.fixture
def runtime(uow_factory: UnitOfWorkFactory, policy_book: Any, tmp_path: Path) -> Runtime:
    """The runtime an entry point builds, on the test's transaction, a fixed clock and
    its own signing keys (in the test's temporary folder, never the project's)."""
    return Runtime(
        settings=Settings(data_dir=tmp_path / "data"),
        uow_factory=uow_factory,
        book=policy_book,
        clock=FixedClock(TODAY),
        keyring=KeyRing(tmp_path / "keys"),
    )


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    """The real app, served in-process."""
    with TestClient(create_app(runtime)) as test_client:
        yield test_client


@pytest.fixture
def client_as(runtime: Runtime) -> Iterator[Any]:
    """``client_as(actor)``: the real app with ``actor`` signed in.

    Sign-in itself is replaced (``dependency_overrides`` on ``get_actor``), so
    tests of an area exercise its own rules; the auth tests drive real logins.
    """
    from warrantor.domain.actors import Actor
    from warrantor.http.actor import get_actor

    with ExitStack() as stack:

        def make(actor: Actor) -> TestClient:
            app = create_app(runtime)
            app.dependency_overrides[get_actor] = lambda: actor
            return stack.enter_context(TestClient(app))

        yield make

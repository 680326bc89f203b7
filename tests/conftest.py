"""Shared test infrastructure: real databases on both engines, and the "parts" registry.

Databases
    Tests that touch the store ask for ``uow_factory`` (or ``connection`` /
    ``engine``) and run twice: on SQLite and on PostgreSQL (``backend``).
    Each engine's database is created and migrated with Alembic once per
    session; each test runs inside an outer transaction that is rolled back
    at its end, and units of work join it with savepoints, so a service's
    commit never escapes the test.

Parts
    A *part* is something real a test needs from outside Python (a PostgreSQL
    server, a browser, an SMTP server). A fixture that needs one calls
    ``require_part(name, how_to_provide, problem)``: with no problem the test
    runs; otherwise it is skipped, with the reason saying how to provide the
    part, and the session's summary names every part that was missing. With
    ``WARRANTOR_REQUIRE_ALL_PARTS=1`` (CI) a missing part fails instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url

from warrantor.policy.book import PolicyBook
from warrantor.services.uow import UnitOfWorkFactory, uow_factory_for
from warrantor.store.engine import create_db_engine, normalize_url
from warrantor.store.migrate import upgrade

PROJECT_ROOT = Path(__file__).resolve().parents[1]

pytest_plugins = ["api_statuses"]
"""Records the status of every API answer (``tests/api_statuses.py``)."""

TEST_KEYS_MASTER_SECRET = "tests-only-keys-master-secret-of-32-plus-characters"
os.environ.setdefault("WARRANTOR_KEYS_MASTER_SECRET", TEST_KEYS_MASTER_SECRET)
"""Every process the tests start (CLI runs, workers, servers) is an app host: on PostgreSQL
it seals the signing keys in the database with this secret (``certificates.sealing``).
The tests of a missing or wrong secret pass theirs explicitly."""

POSTGRES_ENV = "WARRANTOR_TEST_POSTGRES_URL"
REQUIRE_ALL_ENV = "WARRANTOR_REQUIRE_ALL_PARTS"
HOW_TO_PROVIDE_POSTGRES = (
    f"set {POSTGRES_ENV} to an admin URL of a running server, e.g. "
    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres "
    "(the tests create and drop their own warrantor_test_* databases)"
)


# --- parts ------------------------------------------------------------------


@dataclass
class MissingPart:
    """A part some tests needed and did not have."""

    name: str
    problem: str
    how_to_provide: str


_missing_parts: dict[str, MissingPart] = {}

RequirePart = Callable[[str, str, str | None], None]


def _require_all_parts() -> bool:
    return os.environ.get(REQUIRE_ALL_ENV, "") not in ("", "0")


def require_part(name: str, how_to_provide: str, problem: str | None) -> None:
    """Go on when ``problem`` is None; else skip (or fail in CI) saying how to provide ``name``."""
    if problem is None:
        return
    message = f"{name}: {problem}. To run these tests, {how_to_provide}."
    if _require_all_parts():
        pytest.fail(f"{message} ({REQUIRE_ALL_ENV}=1: every part is required)", pytrace=False)
    _missing_parts.setdefault(name, MissingPart(name, problem, how_to_provide))
    pytest.skip(message)


@pytest.fixture(scope="session", name="require_part")
def require_part_fixture() -> RequirePart:
    """``require_part(name, how_to_provide, problem)``, for fixtures that need a real part."""
    return require_part


@pytest.fixture(scope="session")
def missing_parts() -> dict[str, MissingPart]:
    """The parts found missing so far in this session (their tests were skipped)."""
    return _missing_parts


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Name each part that was missing, and how to provide it, at the end of the run."""
    if not _missing_parts:
        return
    terminalreporter.section("parts not provided (their tests were skipped)")
    for part in _missing_parts.values():
        terminalreporter.write_line(f"{part.name}: {part.problem}")
        terminalreporter.write_line(f"    to provide it: {part.how_to_provide}")


# --- PostgreSQL server --------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """The admin URL of the PostgreSQL server the tests may create databases on."""
    raw = os.environ.get(POSTGRES_ENV, "")
    if not raw:
        require_part("postgresql", HOW_TO_PROVIDE_POSTGRES, f"{POSTGRES_ENV} is not set")
    url = normalize_url(raw)
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 5})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure to reach the server is the same to a test
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        require_part(
            "postgresql",
            HOW_TO_PROVIDE_POSTGRES,
            f"server at {make_url(url).render_as_string(hide_password=True)} "
            f"is unreachable ({first_line})",
        )
    return url


def create_postgres_database(admin_url: str) -> str:
    """Create an empty database ``warrantor_test_<random>``; returns its URL."""
    name = f"warrantor_test_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(admin_url: str, url: str) -> None:
    """Drop a database made by ``create_postgres_database``, even with connections left open."""
    name = make_url(url).database
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


# --- databases, migrated once per session -----------------------------------------


@pytest.fixture(
    scope="session",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: every test that uses the database runs on both."""
    name: str = request.param
    if name == "postgresql":
        request.getfixturevalue("postgres_admin_url")
    return name


@pytest.fixture(scope="session")
def database_url(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The URL of this session's test database on ``backend``, migrated to head."""
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "warrantor.sqlite3"
        url = f"sqlite:///{path}"
        upgrade(url)
        yield url
        return
    admin_url: str = request.getfixturevalue("postgres_admin_url")
    url = create_postgres_database(admin_url)
    try:
        upgrade(url)
        yield url
    finally:
        drop_postgres_database(admin_url, url)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the session's migrated test database."""
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside an outer transaction that is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            if transaction.is_active:
                transaction.rollback()


@pytest.fixture
def uow_factory(connection: Connection) -> UnitOfWorkFactory:
    """Units of work that are savepoints in the test's transaction: commits stay in the test."""
    return uow_factory_for(connection)


@pytest.fixture
def empty_database_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A brand-new, unmigrated database on ``backend``, for tests that commit for real.

    Used by migration tests and CLI tests (the CLI builds its own engine from
    ``WARRANTOR_DATABASE_URL``). Dropped (PostgreSQL) or deleted with
    ``tmp_path`` (SQLite) afterwards.
    """
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'warrantor.sqlite3'}"
        return
    admin_url: str = request.getfixturevalue("postgres_admin_url")
    url = create_postgres_database(admin_url)
    try:
        yield url
    finally:
        drop_postgres_database(admin_url, url)


@pytest.fixture
def new_postgres_database(postgres_admin_url: str) -> Iterator[Callable[[], str]]:
    """``new_postgres_database()``: the URL of a brand-new, empty PostgreSQL database, for
    tests that need more than one (e.g. restoring a dump into another); all are dropped."""
    made: list[str] = []

    def make() -> str:
        made.append(create_postgres_database(postgres_admin_url))
        return made[-1]

    yield make
    for url in made:
        drop_postgres_database(postgres_admin_url, url)


# --- policies ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def policy_book() -> PolicyBook:
    """The policies shipped in ``policies/`` (QNAP, Netac), loaded once per session."""
    return PolicyBook.from_dir(PROJECT_ROOT / "policies")

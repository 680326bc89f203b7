"""API fuzzing (issue #21, item 2): schemathesis over the whole OpenAPI document.

Every operation of ``app.openapi()`` is called with schemathesis's generated
requests, at most ``EXAMPLES`` per operation with a fixed seed, once with no
login and once with an API token of each role; each role runs against a fresh
database cloned from one migrated, seeded template (PostgreSQL's ``CREATE
DATABASE ... TEMPLATE``), so what one role's requests wrote never shapes
another's. No answer may be a 5xx, and every answer must match its documented
status and schema. PostgreSQL only (the engine the hostile input hurt most);
a few minutes at most.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.policy.book import PolicyBook
from warrantor.services.access.tokens import create_token
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.uow import uow_factory_for
from warrantor.settings import Settings
from warrantor.store.accounts import Account
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade

pytestmark = pytest.mark.postgres

EXAMPLES = 5
SEED = 21
ROLES = [None, *Role]
"""``None``: no login."""

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every operation the app documents, read from the app itself."""
    runtime = Runtime(
        settings=Settings(),
        uow_factory=None,  # type: ignore[arg-type]  # routes only, nothing runs
        book=PolicyBook.from_dir(PROJECT_ROOT / "policies"),
    )
    paths = create_app(runtime).openapi()["paths"]
    found = [(method.upper(), path) for path, ops in paths.items() for method in ops]
    return sorted(found, key=lambda op: (op in ENDS_A_LOGIN, op[1], op[0]))


ENDS_A_LOGIN = {
    ("DELETE", "/api/v1/tokens/{token_id}"),
    ("POST", "/api/v1/users/deactivate"),
    ("POST", "/api/v1/users/role"),
}
"""Operations that may end the caller's own login (its token revoked, its user
deactivated or demoted): they run last, so the role's other operations are tried signed in."""


OPERATIONS = _operations()


@dataclass(frozen=True)
class Template:
    """A migrated, seeded database to clone, and the API token of each role's user."""

    url: str
    tokens: dict[Role, str]


def _admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def template(postgres_admin_url: str, policy_book: PolicyBook) -> Iterator[Template]:
    name = f"warrantor_test_tpl_{secrets.token_hex(5)}"
    _admin(postgres_admin_url, f'CREATE DATABASE "{name}"')
    url = make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        engine = create_db_engine(url)
        tokens = _seed(uow_factory_for(engine), policy_book)
        engine.dispose()
        yield Template(url, tokens)
    finally:
        _admin(postgres_admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seed(uow_factory: Any, book: PolicyBook) -> dict[Role, str]:
    """An account and a user of each role, each with an API token; a few units."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    operator = Actor.operator()
    tokens = {}
    with uow_factory() as uow:
        for role in Role:
            direct = role in (Role.DISTRIBUTOR, Role.DEALER, Role.CUSTOMER)
            uow.accounts.upsert(
                Account(f"FUZZ-{role.value.upper()}", role.value, role.value, direct, "US"), now
            )
    for role in Role:
        email = f"{role.value}@fuzz.example"
        new = NewUser(email, role.value, role.value, f"FUZZ-{role.value.upper()}", "fuzz pass 123")
        create_user(uow_factory, operator, new, now)
        tokens[role] = create_token(uow_factory, operator, "fuzz", now, email=email).secret
    return tokens


@pytest.fixture(scope="module")
def role_app(
    template: Template, postgres_admin_url: str, policy_book: PolicyBook, tmp_path_factory: Any
) -> Iterator[Any]:
    """``role_app(role)``: the app on a fresh clone of the template for ``role`` (made at
    its first use), and the headers that sign in as that role."""
    made: dict[Role | None, tuple[Any, dict[str, str]]] = {}
    engines = []
    clones = []

    def get(role: Role | None) -> tuple[Any, dict[str, str]]:
        if role not in made:
            name = f"warrantor_test_fuzz_{secrets.token_hex(5)}"
            template_name = make_url(template.url).database
            _admin(postgres_admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
            clones.append(name)
            url = make_url(postgres_admin_url).set(database=name)
            engine = create_db_engine(url.render_as_string(hide_password=False))
            engines.append(engine)
            folder = tmp_path_factory.mktemp("fuzz")
            runtime = Runtime(
                settings=Settings(data_dir=folder), uow_factory=uow_factory_for(engine),
                book=policy_book,
            )  # fmt: skip
            app = create_app(runtime)
            schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
            headers = {"Authorization": f"Bearer {template.tokens[role]}"} if role else {}
            made[role] = (schema, headers)
        return made[role]

    yield get
    for engine in engines:
        engine.dispose()
    for name in clones:
        _admin(postgres_admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: f"{o[0]} {o[1]}")
def test_no_request_gets_a_5xx_or_an_answer_its_schema_does_not_describe(
    role_app: Any, role: Role | None, operation: tuple[str, str]
) -> None:
    schema, headers = role_app(role)
    method, path = operation
    strategy = schema[path][method].as_strategy()

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    call()

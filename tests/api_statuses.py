"""Which statuses each API route really answers, seen across the whole test session.

Every HTTP answer of every app the tests run in this process (TestClient,
schemathesis, the in-process servers of the browser tests) is recorded as
(method, path, status): ``FastAPI.__call__`` is wrapped once, when pytest
starts. ``tests/integration/api/test_documented_statuses.py`` runs last and
compares what was seen with the statuses each route documents in the OpenAPI
document (``responses=``): one that was seen but is not documented fails
every run; one documented that no test ever saw fails a run of the whole
suite with every part present (a partial run can't know).

Registered from ``tests/conftest.py`` (``pytest_plugins``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI

LAST_TEST = "test_documented_statuses.py"


@dataclass
class Observations:
    """What the session saw, and whether the session ran every test."""

    seen: set[tuple[str, str, int]] = field(default_factory=set)
    """(method, concrete path, status)."""
    deselected: int = 0
    partial_selection: bool = False

    def by_operation(self, templates: Iterable[str]) -> dict[tuple[str, str], set[int]]:
        """The statuses seen per (method, path template) of ``templates``."""
        matchers = _matchers(templates)
        found: dict[tuple[str, str], set[int]] = {}
        for method, path, status in self.seen:
            template = next((t for t, pattern in matchers if pattern.fullmatch(path)), None)
            if template is not None:
                found.setdefault((method.lower(), template), set()).add(status)
        return found


OBSERVED = Observations()


def _matchers(templates: Iterable[str]) -> list[tuple[str, re.Pattern[str]]]:
    """A regular expression per path template, the most literal templates first (so
    ``/certificates/keys.pem`` is not taken for ``/certificates/{number}``)."""
    ordered = sorted(templates, key=lambda t: (t.count("{"), -len(re.sub(r"\{[^}]*\}", "", t))))
    return [
        (template, re.compile(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template))))
        for template in ordered
    ]


def _record_answers() -> None:
    original = FastAPI.__call__

    async def recording(self: FastAPI, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await original(self, scope, receive, send)
            return

        async def send_recorded(message: Any) -> None:
            if message["type"] == "http.response.start":
                OBSERVED.seen.add((scope["method"], scope["path"], message["status"]))
            await send(message)

        await original(self, scope, receive, send_recorded)

    FastAPI.__call__ = recording  # type: ignore[method-assign]


def pytest_configure(config: pytest.Config) -> None:
    _record_answers()


def pytest_deselected(items: list[pytest.Item]) -> None:
    OBSERVED.deselected += len(items)


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Run the comparison last, and note whether this run selects every test."""
    last = [item for item in items if item.path.name == LAST_TEST]
    items[:] = [item for item in items if item.path.name != LAST_TEST] + last
    tests = config.rootpath / "tests"
    arguments = [a for a in config.args if a]
    whole = all(config.rootpath / a in (tests, config.rootpath) for a in arguments)
    OBSERVED.partial_selection = not whole or bool(
        config.option.keyword or config.option.markexpr or getattr(config.option, "lf", False)
    )


def session_was_complete(missing_parts: int) -> bool:
    """Whether every test was selected and could run (no part missing)."""
    return not OBSERVED.partial_selection and not OBSERVED.deselected and not missing_parts


def pytest_sessionfinish(session: pytest.Session) -> None:
    """With ``WARRANTOR_STATUS_DUMP=file``, write what was seen there (JSON), to help write
    the routes' ``responses=``."""
    target = os.environ.get("WARRANTOR_STATUS_DUMP")
    if target:
        rows = sorted([method, path, status] for method, path, status in OBSERVED.seen)
        with open(target, "w", encoding="utf-8") as out:
            json.dump(rows, out)

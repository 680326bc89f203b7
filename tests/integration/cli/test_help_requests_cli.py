"""``warrantor help-requests`` and ``warrantor accounts show`` (issue #23, items 6 and 7),
through the real commands on a real database of each engine."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from test_paging_cli import run, warrantor  # noqa: F401 (a fixture: five QNAP units)
from typer.testing import CliRunner

from warrantor.cli.main import app
from warrantor.domain.actors import Actor, Role
from warrantor.policy.book import PolicyBook
from warrantor.services.help_requests.requests import HelpAsk, open_help_request
from warrantor.services.uow import uow_factory_for
from warrantor.store.engine import create_db_engine

CUSTOMER = Actor(Role.CUSTOMER, "CUST-A", user_id=None, name="A")
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class NoFiles:
    """Storage for requests sent without a file (nothing is ever put)."""

    def put(self, key: str, data: bytes) -> None:
        raise AssertionError("no file was sent")

    def get(self, key: str) -> bytes:
        raise AssertionError("no file was sent")

    def delete(self, key: str) -> None:
        return None

    def keys(self, prefix: str = "") -> list[str]:
        return []


def _ask(url: str, serial: str, policy_book: PolicyBook) -> int:
    engine = create_db_engine(url)
    try:
        ask = HelpAsk("QNAP", serial, "not in your records", "TS-453 Pro", None, "R-9", "a@x.org")
        made = open_help_request(
            uow_factory_for(engine), NoFiles(), CUSTOMER, ask, None, NOW,
            brands=policy_book.brands(), max_bytes=1000,
        )  # fmt: skip
        return made.id
    finally:
        engine.dispose()


def test_an_agent_lists_resolves_and_rejects_from_the_cli(
    warrantor: CliRunner,  # noqa: F811
    empty_database_url: str,
    policy_book: PolicyBook,
) -> None:
    run(warrantor, "accounts", "add", "CUST-A", "--name", "Ann A", "--kind", "customer")
    first = _ask(empty_database_url, "Q26CLIHELP1", policy_book)
    second = _ask(empty_database_url, "Q26CLIHELP2", policy_book)
    listed = run(warrantor, "help-requests", "list")
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [str(first), str(second)]
    assert "2 open in all" in listed.stderr
    done = run(warrantor, "help-requests", "resolve", str(first), "--country", "US")
    assert "resolved" in done.stdout
    shown = json.loads(run(warrantor, "units", "show", "Q26CLIHELP1", "--json").stdout)
    assert (shown["owner"], shown["proof_of_purchase"]) == ("CUST-A", "R-9")
    refused = warrantor.invoke(app, ["help-requests", "reject", str(second), "--reason", " "])
    assert refused.exit_code == 2 and "'reason'" in refused.output
    run(warrantor, "help-requests", "reject", str(second), "--reason", "not ours")
    closed: Any = json.loads(run(warrantor, "help-requests", "show", str(second)).stdout)
    assert (closed["state"], closed["resolution"]) == ("rejected", "not ours")
    assert run(warrantor, "help-requests", "list").stdout == ""
    summary = json.loads(run(warrantor, "accounts", "show", "CUST-A", "--json").stdout)
    assert summary["account"]["name"] == "Ann A"
    assert [u["serial"] for u in summary["units"]] == ["Q26CLIHELP1"]
    states = [(h["id"], h["state"]) for h in summary["help_requests"]]
    assert states == [(first, "resolved"), (second, "rejected")]
    text = run(warrantor, "accounts", "show", "CUST-A").stdout
    assert "QNAP Q26CLIHELP1" in text and "rmas (0 shown, 0 in all)" in text
    unknown = warrantor.invoke(app, ["accounts", "show", "NOBODY"])
    assert unknown.exit_code != 0 and "no account NOBODY" in unknown.output

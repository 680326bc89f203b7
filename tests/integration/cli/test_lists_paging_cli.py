"""``--cursor`` and ``--all`` on every listing command (issue #23, item 1) and the admin's
search commands (item 2), through the real commands on a real database of each engine:
accounts, users, API tokens, price lists, the audit trail, orders and quotes,
unauthorized returns."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from warrantor.cli.main import app

ACCOUNTS = ["ACC-1", "ACC-2", "ACC-3", "MAKER"]


@pytest.fixture
def warrantor(empty_database_url: str) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    for code in ACCOUNTS:
        kind = "admin" if code == "MAKER" else "customer"
        run(runner, "accounts", "add", code, "--name", f"Account {code}", "--kind", kind)
    for n in range(3):
        run(
            runner,
            "users", "create", "--email", f"user{n}@example.com", "--name", f"User {n}",
            "--role", "customer", "--account", "ACC-1", "--password-stdin",
            input="a long enough password 1\n",
        )  # fmt: skip
    return runner


def run(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, result.output
    return result


def next_cursor(result: Result) -> str | None:
    lines = [line for line in result.stderr.splitlines() if line.startswith("more: --cursor ")]
    return lines[0].removeprefix("more: --cursor ") if lines else None


def walk(runner: CliRunner, *args: str) -> list[list[dict[str, object]]]:
    """Every page of a listing command's JSON, following ``more: --cursor``."""
    pages = []
    cursor = None
    while True:
        more = ["--cursor", cursor] if cursor else []
        result = run(runner, *args, "--limit", "2", "--json", *more)
        pages.append(json.loads(result.stdout))
        cursor = next_cursor(result)
        if cursor is None:
            return pages


def test_accounts_and_users_page_and_all_reads_every_page(warrantor: CliRunner) -> None:
    pages = walk(warrantor, "accounts", "list")
    assert [[a["code"] for a in page] for page in pages] == [ACCOUNTS[:2], ACCOUNTS[2:]]
    users = walk(warrantor, "users", "list")
    emails = [f"user{n}@example.com" for n in range(3)]
    assert [[u["email"] for u in page] for page in users] == [emails[:2], emails[2:]]
    every = run(warrantor, "users", "list", "--limit", "1", "--all")
    assert all(email in every.stdout for email in emails)
    assert "(3 users; the list is not counted)" in every.stdout
    bad = warrantor.invoke(app, ["accounts", "list", "--cursor", "nonsense"])
    assert bad.exit_code == 2 and "'cursor'" in bad.output


def test_tokens_prices_and_the_audit_trail_page(warrantor: CliRunner) -> None:
    for n in range(3):
        made = ["users", "tokens", "create", "--email", "user0@example.com", "--name", f"t{n}"]
        run(warrantor, *made)
    tokens = walk(warrantor, "users", "tokens", "list")
    assert [[t["name"] for t in page] for page in tokens] == [["t2", "t1"], ["t0"]]
    for years in ("1", "2", "3"):
        run(warrantor, "prices", "add", "QNAP", "TS-x53", years, "99.00", "--from", "2026-01-01")
    prices = walk(warrantor, "prices", "list")
    assert [[p["years"] for p in page] for page in prices] == [[1, 2], [3]]
    trail = walk(warrantor, "audit", "list", "--kind", "user")
    ids = [row["id"] for page in trail for row in page]
    assert len(ids) == 3 and ids == sorted(ids, reverse=True)  # each user's creation, once


def test_the_admin_searches_users_and_accounts(warrantor: CliRunner) -> None:
    found = json.loads(run(warrantor, "users", "search", "user1@example.com", "--json").stdout)
    assert (found[0]["tier"], found[0]["email"]) == ("exact", "user1@example.com")
    accounts = run(warrantor, "accounts", "search", "acc-2")
    assert accounts.stdout.splitlines()[0].startswith("exact  ACC-2")
    empty = warrantor.invoke(app, ["accounts", "search", " "])
    assert empty.exit_code == 2 and "'q'" in empty.output

"""`warrantor users ...` through the real command, on a real database of its own."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from warrantor.cli.main import app


@pytest.fixture
def warrantor(empty_database_url: str) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    added = runner.invoke(
        app, ["accounts", "add", "MAKER", "--name", "The maker", "--kind", "admin"]
    )
    assert added.exit_code == 0, added.output
    return runner


def create_admin(runner: CliRunner, password_input: str, *extra: str) -> Result:
    args = ["users", "create", "--email", "Ada@Example.com", "--name", "Ada", "--role", "admin"]
    return runner.invoke(app, [*args, "--account", "MAKER", *extra], input=password_input)


def test_the_first_admin_is_made_with_the_password_typed_twice(warrantor: CliRunner) -> None:
    result = create_admin(warrantor, "correct horse battery\ncorrect horse battery\n")
    assert result.exit_code == 0, result.output
    listed = json.loads(warrantor.invoke(app, ["users", "list", "--json"]).output)
    assert [(u["email"], u["role"], u["account"]) for u in listed] == [
        ("ada@example.com", "admin", "MAKER")
    ]


def test_two_different_passwords_are_asked_again(warrantor: CliRunner) -> None:
    result = create_admin(warrantor, "correct horse battery\nsomething else\n")
    assert result.exit_code != 0
    assert "do not match" in result.output.lower()
    assert json.loads(warrantor.invoke(app, ["users", "list", "--json"]).output) == []


def test_a_short_password_is_refused_naming_it(warrantor: CliRunner) -> None:
    result = create_admin(warrantor, "short\n", "--password-stdin")
    assert result.exit_code == 2
    assert "password" in result.output and "at least 10" in result.output


def test_a_role_that_does_not_fit_the_account_is_refused(warrantor: CliRunner) -> None:
    args = ["users", "create", "--email", "c@example.com", "--name", "C", "--role", "customer"]
    result = warrantor.invoke(
        app, [*args, "--account", "MAKER", "--password-stdin"], input="long enough pw\n"
    )
    assert result.exit_code == 2
    assert "cannot act for MAKER" in result.output


def test_the_same_email_twice_is_a_conflict(warrantor: CliRunner) -> None:
    assert create_admin(warrantor, "long enough pw\n", "--password-stdin").exit_code == 0
    again = create_admin(warrantor, "long enough pw\n", "--password-stdin")
    assert again.exit_code == 2
    assert "already exists" in again.output


def test_a_token_is_shown_once_listed_by_prefix_and_revoked(warrantor: CliRunner) -> None:
    assert create_admin(warrantor, "long enough pw\n", "--password-stdin").exit_code == 0
    made = warrantor.invoke(
        app, ["users", "tokens", "create", "--email", "ada@example.com", "--name", "ERP", "--json"]
    )
    assert made.exit_code == 0, made.output
    created = json.loads(made.stdout)
    listed = json.loads(warrantor.invoke(app, ["users", "tokens", "list", "--json"]).output)
    assert [t["prefix"] for t in listed] == [created["prefix"]]
    assert created["token"].startswith(created["prefix"])
    assert "token" not in listed[0]
    revoked = warrantor.invoke(app, ["users", "tokens", "revoke", str(created["id"])])
    assert revoked.exit_code == 0, revoked.output
    listed = json.loads(warrantor.invoke(app, ["users", "tokens", "list", "--json"]).output)
    assert listed[0]["revoked_at"] is not None


def create_second_admin(runner: CliRunner) -> Result:
    args = ["users", "create", "--email", "bo@example.com", "--name", "Bo", "--role", "admin"]
    return runner.invoke(
        app, [*args, "--account", "MAKER", "--password-stdin"], input="long enough pw\n"
    )


def test_deactivating_a_user_shows_in_the_list(warrantor: CliRunner) -> None:
    assert create_admin(warrantor, "long enough pw\n", "--password-stdin").exit_code == 0
    assert create_second_admin(warrantor).exit_code == 0
    result = warrantor.invoke(app, ["users", "deactivate", "ADA@example.com"])
    assert result.exit_code == 0, result.output
    listed = json.loads(warrantor.invoke(app, ["users", "list", "--json"]).output)
    assert [(u["email"], u["active"]) for u in listed] == [
        ("ada@example.com", False),
        ("bo@example.com", True),
    ]


def test_the_last_active_admin_is_not_deactivated_and_a_deactivated_user_is_reactivated(
    warrantor: CliRunner,
) -> None:
    assert create_admin(warrantor, "long enough pw\n", "--password-stdin").exit_code == 0
    assert create_second_admin(warrantor).exit_code == 0
    assert warrantor.invoke(app, ["users", "deactivate", "bo@example.com"]).exit_code == 0

    last = warrantor.invoke(app, ["users", "deactivate", "ada@example.com"])
    demoted = warrantor.invoke(app, ["users", "role", "ada@example.com", "agent"])
    back = warrantor.invoke(app, ["users", "reactivate", "BO@example.com", "--reason", "back"])

    assert last.exit_code == 2 and "last active warranty admin" in last.output
    assert demoted.exit_code == 2 and "last active warranty admin" in demoted.output
    assert back.exit_code == 0, back.output
    assert "bo@example.com is active" in back.output
    listed = json.loads(warrantor.invoke(app, ["users", "list", "--json"]).output)
    assert [(u["email"], u["role"], u["active"]) for u in listed] == [
        ("ada@example.com", "admin", True),
        ("bo@example.com", "admin", True),
    ]
    assert warrantor.invoke(app, ["users", "deactivate", "ada@example.com"]).exit_code == 0

"""Every command of ``warrantor`` says what it does: walked from the Typer app itself.

The commands come from the app (``typer.main.get_command``), group by group,
not from a list written here, so a new command without a docstring, or an
option without help, fails this test; and each command's ``--help`` runs and
shows its first line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from warrantor.cli.main import app

ROOT = get_command(app)


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group below ``command`` (itself included), with its words."""
    yield path, command
    if hasattr(command, "list_commands"):  # a group
        context = command.context_class(command)
        for name in command.list_commands(context):
            yield from _walk(command.get_command(context, name), (*path, name))


COMMANDS = [(" ".join(path) or "warrantor", command) for path, command in _walk(ROOT)]


def test_the_walk_reaches_the_groups_and_their_commands() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"warrantor", "check", "rma", "rma open", "units import", "users tokens"} <= names
    assert len(names) > 50


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_help_and_every_option_says_what_it_is(name: str, command: Any) -> None:
    assert (command.help or "").strip(), f"{name} has no help text (its docstring)"
    silent = [p.name for p in command.params if p.name != "help" and not getattr(p, "help", "")]
    assert silent == [], f"{name}: no help for {silent}"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_commands_help_runs_and_shows_its_first_line(name: str, command: Any) -> None:
    words = [] if name == "warrantor" else name.split()

    result = CliRunner().invoke(app, [*words, "--help"], terminal_width=200)

    assert result.exit_code == 0, result.output
    first_line = command.help.strip().splitlines()[0]
    assert " ".join(first_line.split()[:4]) in " ".join(result.output.split())

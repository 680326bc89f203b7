"""The report commands' filter options are written once (``cli.report_options``): a command
decorated with ``filter_options`` shows the six options in the place of its ``options``
parameter and is called with what was given, as one ``FilterOptions``."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from warrantor.cli.report_options import FILTER_OPTIONS, FilterOptions, filter_options

calls: list[tuple[int, FilterOptions, bool]] = []


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.command()
    @filter_options(start_help="Its own start", end_help="Its own end")
    def report(
        months: int = typer.Option(12, "--months", help="Months"),
        options: FilterOptions = FILTER_OPTIONS,
        as_json: bool = typer.Option(False, "--json", help="JSON"),
    ) -> None:
        """A report."""
        calls.append((months, options, as_json))

    return app


def test_the_command_gets_the_options_given_as_one_filter_options() -> None:
    calls.clear()
    args = ["--months", "3", "--brand", "QNAP", "--line", "ts", "--country", "US"]
    args += ["--centre", "qnap-us", "--from", "2026-01-01", "--to", "2026-02-01", "--json"]

    result = CliRunner().invoke(_app(), args)

    assert result.exit_code == 0, result.output
    expected = FilterOptions("QNAP", "ts", "US", "qnap-us", "2026-01-01", "2026-02-01")
    assert calls == [(3, expected, True)]


def test_options_not_given_are_none_and_the_others_keep_their_place_and_help() -> None:
    calls.clear()
    assert CliRunner().invoke(_app(), []).exit_code == 0
    shown = CliRunner().invoke(_app(), ["--help"], terminal_width=200).output

    assert calls == [(12, FilterOptions(), False)]
    order = ["--months", "--brand", "--line", "--country", "--centre", "--from", "--to", "--json"]
    places = [shown.index(option + " ") for option in order]
    assert places == sorted(places)
    assert "Its own start" in shown and "Its own end" in shown


def test_a_command_without_an_options_parameter_is_refused_by_name() -> None:
    def report(months: int = 12) -> None:
        """No options parameter."""

    with pytest.raises(TypeError, match="report takes no 'options: FilterOptions'"):
        filter_options()(report)

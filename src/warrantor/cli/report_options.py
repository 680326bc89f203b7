"""The report filters' options, written once for every ``warrantor reports`` command.

``@filter_options()`` gives a command the six options of ``services.report_filters``
(``--brand``, ``--line``, ``--country``, ``--centre``, ``--from``, ``--to``) in the place
of its one parameter ``options: FilterOptions = FILTER_OPTIONS``, and hands it what was given, as a
``FilterOptions``; ``checked`` (or ``unit_filter``, for a report whose ``--from`` and
``--to`` are its own period) makes the service's ``ReportFilter`` of it. ``by_option``
names a problem the services name by field by its option instead.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

import typer

from warrantor.bootstrap import Runtime
from warrantor.cli.options import parse_day
from warrantor.errors import InvalidInput, Problem
from warrantor.services.report_filters import ReportFilter, report_filter

OPTIONS = {
    "brand": "--brand",
    "product_line": "--line",
    "country": "--country",
    "service_centre": "--centre",
    "start": "--from",
    "end": "--to",
}
"""Each filter's option: a problem the services name by field is told by option here."""


@dataclass(frozen=True)
class FilterOptions:
    """The filter options as given (not yet checked); None: not given."""

    brand: str | None = None
    line: str | None = None
    country: str | None = None
    centre: str | None = None
    start: str | None = None
    end: str | None = None

    def checked(self, runtime: Runtime) -> ReportFilter:
        """The checked filters, ``--from`` and ``--to`` among them."""
        return report_filter(
            runtime.book,
            brand=self.brand,
            product_line=self.line,
            country=self.country,
            service_centre=self.centre,
            start=parse_day(self.start, "--from"),
            end=parse_day(self.end, "--to"),
        )

    def unit_filter(self, runtime: Runtime) -> ReportFilter:
        """The checked filters of a report whose ``--from`` and ``--to`` are its own period,
        not a filter (they are left out here)."""
        return FilterOptions(self.brand, self.line, self.country, self.centre).checked(runtime)


FILTER_OPTIONS = FilterOptions()
"""The default of a command's ``options`` parameter (no filter): what ``filter_options``
shows in its place are the six options, and what it passes, the ones given."""


def _option_parameters(start_help: str, end_help: str) -> list[inspect.Parameter]:
    """The six options, as the parameters Typer reads from a command's signature."""
    helps = {
        "brand": ("--brand", "Only this brand (e.g. QNAP)"),
        "line": ("--line", "Only this product line (its id)"),
        "country": ("--country", "Two letters: an RMA's service country, a unit's of purchase"),
        "centre": ("--centre", "Only RMAs at this service centre (its id)"),
        "start": ("--from", start_help),
        "end": ("--to", end_help),
    }
    return [
        inspect.Parameter(
            field.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=typer.Option(None, helps[field.name][0], help=helps[field.name][1]),
            annotation=str | None,
        )
        for field in fields(FilterOptions)
    ]


def filter_options(
    *,
    start_help: str = "From this day (YYYY-MM-DD, included)",
    end_help: str = "To this day (YYYY-MM-DD, included)",
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A command's parameter ``options: FilterOptions`` shown as the six filter options, in
    its place among the command's other options (the helps of ``--from`` and ``--to`` may
    be the report's own)."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(command, eval_str=True)
        if "options" not in signature.parameters:
            message = f"{command.__name__} takes no 'options: FilterOptions' to show as options"
            raise TypeError(message)
        shown: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if parameter.name == "options":
                shown.extend(_option_parameters(start_help, end_help))
            else:
                shown.append(parameter)
        names = [field.name for field in fields(FilterOptions)]

        @functools.wraps(command)
        def run(**given: Any) -> None:
            options = FilterOptions(**{name: given.pop(name) for name in names})
            command(**given, options=options)

        run.__signature__ = signature.replace(parameters=shown)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in shown} | {"return": None}
        return run

    return decorate


@contextmanager
def by_option() -> Iterator[None]:
    """``InvalidInput`` from the filters or a report, its problems named by option."""
    try:
        yield
    except InvalidInput as error:
        problems = [Problem(p.message, OPTIONS.get(p.field or "", p.field)) for p in error.problems]
        message = error.message
        for field, option in OPTIONS.items():
            if message.startswith(f"{field}:"):
                message = option + message.removeprefix(field)
        raise InvalidInput(message, problems) from None

"""`warrantor units ...`: list, show and import the installed base."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import typer

from warrantor.cli.options import open_runtime, parse_day
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, echo_json_array, pages
from warrantor.domain.actors import Actor
from warrantor.domain.units import Unit
from warrantor.services.installed_base.ownership import COVERAGE_NOTE, transfer_unit
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.installed_base.units import page_visible_units, show_unit
from warrantor.services.paging import Page
from warrantor.store.units import UnitFilter
from warrantor.views.names import Names

app = typer.Typer(help="The installed base: units by brand and serial.", no_args_is_help=True)

LIST_COLUMNS = ("brand", "serial", "model", "product_line", "purchased_on", "country_of_purchase")


def _as_dict(unit: Unit) -> dict[str, Any]:
    values = asdict(unit)
    values["voiding_findings"] = list(unit.voiding_findings)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


@app.command("list")
def list_(
    brand: str = typer.Option(None, "--brand", "-b", help="Only this brand"),
    model: str = typer.Option(None, "--model", help="Only this model, e.g. 'TS-453 Pro'"),
    line: str = typer.Option(None, "--line", help="Only this product line (its id)"),
    country: str = typer.Option(None, "--country", help="Country of purchase, e.g. US"),
    purchased_from: str = typer.Option(
        None, "--purchased-from", help="Bought on or after, YYYY-MM-DD"
    ),
    purchased_to: str = typer.Option(
        None, "--purchased-to", help="Bought on or before, YYYY-MM-DD"
    ),
    limit: int = typer.Option(100, "--limit", help="At most this many units a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """List units, by brand then serial, a page at a time (not counted: the installed
    base is a full-table list)."""
    filters = UnitFilter(
        brand=brand,
        model=model,
        product_line=line,
        country=country.strip().upper() if country else None,
        purchased_from=parse_day(purchased_from, "--purchased-from"),
        purchased_to=parse_day(purchased_to, "--purchased-to"),
        limit=limit,
    )
    runtime = open_runtime()
    uow_factory, names = runtime.uow_factory, Names(runtime.book)

    def read(after: str | None) -> Page[Unit]:
        return page_visible_units(uow_factory, Actor.operator(), filters, after)

    found = pages(read, cursor, every)
    if as_json:
        echo_json_array(found, _as_dict)
        return
    count = 0
    widths: list[int] = []
    for unit in found:
        values = _as_dict(unit) | {"product_line": _line_text(names, unit)}
        row = [str(values[name] or "") for name in LIST_COLUMNS]
        if not widths:  # from the first row (with room to spare): rows print as they come
            pairs = zip(LIST_COLUMNS, row, strict=True)
            widths = [max(len(name), len(cell) + 4) for name, cell in pairs]
            typer.echo("  ".join(n.ljust(w) for n, w in zip(LIST_COLUMNS, widths, strict=True)))
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        count += 1
    typer.echo(f"({count} unit{'s' if count != 1 else ''}; the installed base is not counted)")


def _line_text(names: Names, unit: Unit) -> str:
    """The unit's product line by its name, with its id as a hint (the ``--line`` filter
    takes the id): "TS-x53 NAS Series (ts-x53)"."""
    if not unit.product_line:
        return ""
    name = names.line_name(unit.brand, unit.product_line)
    return name if name == unit.product_line else f"{name} ({unit.product_line})"


@app.command()
def show(
    serial: str = typer.Argument(..., help="Serial number"),
    brand: str = typer.Option(
        None, "--brand", "-b", help="Brand; needed if the serial is ambiguous"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Show what is known about one unit, and any finding that voids it."""
    runtime = open_runtime()
    unit = show_unit(runtime.uow_factory, serial, brand)
    values = _as_dict(unit)
    if as_json:
        typer.echo(json.dumps(values, indent=2))
        return
    values["product_line"] = _line_text(Names(runtime.book), unit)
    for name, value in values.items():
        if name == "voiding_findings":
            value = ", ".join(value) or "none"
        typer.echo(f"{name.replace('_', ' ')}: {'' if value is None else value}")


@app.command()
def transfer(
    serial: str = typer.Argument(..., help="Serial number"),
    brand: str = typer.Option(
        None, "--brand", "-b", help="Brand; needed if the serial is ambiguous"
    ),
    to: str = typer.Option(..., "--to", help="The customer account code of the new owner"),
    proof: str = typer.Option(..., "--proof", help="The new owner's invoice or receipt"),
    reason: str = typer.Option("", "--reason", help="Why (kept in the audit trail)"),
) -> None:
    """Record that a unit changed hands: the new owner sees it, the old one no longer.

    Coverage stays with the unit (neither policy text speaks of a new owner)."""
    runtime = open_runtime()
    unit = transfer_unit(
        runtime.uow_factory, Actor.operator(), serial, brand, to, proof, reason,
        runtime.clock.now(),
    )  # fmt: skip
    typer.echo(f"{unit.brand} {unit.serial} now belongs to {unit.owner}. {COVERAGE_NOTE}")


@app.command("import")
def import_(
    file: Path = typer.Argument(
        ..., help="CSV file (UTF-8) with a header row", exists=True, dir_okay=False
    ),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Write the good rows; put the bad ones in a rejects file"
    ),
    rejects: Path = typer.Option(
        None,
        "--rejects",
        help="Where --skip-invalid writes rejected rows (default: FILE.rejects.csv)",
    ),
) -> None:
    """Import units from a CSV file: all rows, or none if any is bad (unless --skip-invalid).

    Columns: brand, serial, model (required), manufactured_on, first_invoiced_on,
    first_invoiced_to, purchased_on, proof_of_purchase, country_of_purchase,
    owner, channel. Dates are YYYY-MM-DD; accounts are named by code. A unit
    already stored (same brand and serial) is updated, so importing a file
    twice changes nothing.
    """
    runtime = open_runtime()
    if skip_invalid and rejects is None:
        rejects = file.with_name(file.stem + ".rejects.csv")
    with file.open("rb") as stream:
        summary = import_units(
            runtime.uow_factory,
            stream,
            runtime.book,
            skip_invalid=skip_invalid,
            rejects_path=rejects,
            now=runtime.clock.now(),
            actor=Actor.operator(),
        )
    typer.echo(
        f"{file.name}: {summary.rows_read} rows read, {summary.inserted} inserted, "
        f"{summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.rejected} rejected in {summary.seconds:.2f} s"
    )
    if summary.rejects_path is not None:
        typer.echo(f"rejected rows written to {summary.rejects_path}")

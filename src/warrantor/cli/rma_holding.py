"""``warrantor rma holding``: how long each service centre holds a unit that arrived without
an RMA number before it may be disposed of (issue #25, item 4). ``cli.rma`` calls
``register``. The CLI acts as the operator (admin)."""

from __future__ import annotations

import typer

from warrantor.cli.options import open_runtime, print_json
from warrantor.cli.rma_text import JSON_OPTION
from warrantor.domain.actors import Actor
from warrantor.services.rma.holding import HoldingPeriod, holding_periods, set_holding_period

OPERATOR = Actor.operator()


def register(app: typer.Typer) -> None:
    """Add ``holding`` to the ``rma`` group."""
    app.command()(holding)


def _line(period: HoldingPeriod) -> str:
    days = f"{period.days} day{'' if period.days == 1 else 's'}"
    when = "disposal at once, where the policy allows it" if not period.days else days
    return f"{period.name} ({period.brand}, {period.centre}): {when}"


def holding(
    brand: str = typer.Argument(None, help="The brand whose centre to set (with CENTRE)"),
    centre: str = typer.Argument(None, help="The centre's id in the policy, e.g. qnap-us"),
    days: int = typer.Option(
        None, "--days", help="Days a unit without an RMA number is held before disposal"
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show each service centre's holding period for unauthorized returns, or set one
    (BRAND CENTRE --days N; 0 by default: disposal at once where the policy allows)."""
    runtime = open_runtime()
    if brand is None and centre is None and days is None:
        periods = holding_periods(runtime.uow_factory, runtime.book, OPERATOR)
        if as_json:
            print_json(periods)
            return
        for period in periods:
            typer.echo(_line(period))
        return
    if brand is None or centre is None or days is None:
        raise typer.BadParameter("to set a holding period give BRAND CENTRE --days N")
    period = set_holding_period(
        runtime.uow_factory, runtime.book, OPERATOR, brand, centre, days, runtime.clock.now()
    )
    if as_json:
        print_json(period)
    else:
        typer.echo(_line(period))

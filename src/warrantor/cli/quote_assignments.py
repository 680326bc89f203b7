"""``warrantor extensions assignments``: the serials assigned to a distributor's quote, a page
at a time (issue #23, item 1): a quote may hold thousands, so ``show-quote`` shows the
first page and this command the rest (``--cursor``, ``--all``), as
``GET /api/v1/quotes/{id}/assignments`` does. The rules are
``services.sales.quote_detail.page_assignments``'s; the CLI acts as the operator.
``warrantor extensions refusals``: the quote's refused attempts the same way
(``GET /api/v1/quotes/{id}/refusals``, ``page_refusals``).
``warrantor extensions balance``: what the paid quotes still hold, newest first, a page at
a time too (``GET /api/v1/balances``, ``page_balances``)."""

from __future__ import annotations

from typing import Any

import typer

from warrantor.cli.options import open_runtime
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, print_pages
from warrantor.domain.actors import Actor
from warrantor.domain.sales import Assignment, Balance, RefusedAttempt
from warrantor.services.paging import Page
from warrantor.services.sales.quote_assignments import page_balances
from warrantor.services.sales.quote_detail import DETAIL_REFUSALS, page_assignments, page_refusals
from warrantor.views.sales import AssignmentOut, RefusalOut, balance_out


def register(app: typer.Typer) -> None:
    """Add ``assignments`` to the ``extensions`` group."""
    app.command("assignments")(assignments)
    app.command("refusals")(refusals)
    app.command("balance")(balance)


def assignments(
    quote_id: int = typer.Argument(..., help="Quote id"),
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """The serials assigned to a quote and their certificates, in the order they were."""
    uow_factory = open_runtime().uow_factory

    def read(after: str | None) -> Page[Assignment]:
        return page_assignments(uow_factory, Actor.operator(), quote_id, limit, after)

    def echo(a: Assignment) -> None:
        typer.echo(f"{a.brand} {a.serial}  certificate {a.certificate_number}")

    def shape(found: Assignment) -> Any:
        return AssignmentOut.model_validate(found).model_dump(mode="json")

    print_pages(read, cursor, every, as_json, echo, "assigned serial", shape)


def refusals(
    quote_id: int = typer.Argument(..., help="Quote id"),
    limit: int = typer.Option(DETAIL_REFUSALS, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """The quote's refused assignment attempts, why and by which clauses, in the order they
    were made."""
    uow_factory = open_runtime().uow_factory

    def read(after: str | None) -> Page[RefusedAttempt]:
        return page_refusals(uow_factory, Actor.operator(), quote_id, limit, after)

    def echo(r: RefusedAttempt) -> None:
        clauses = f" ({', '.join(r.clause_ids)})" if r.clause_ids else ""
        typer.echo(f"{r.serial}: {r.reason}{clauses}")

    def shape(found: RefusedAttempt) -> Any:
        return RefusalOut.model_validate(found).model_dump(mode="json")

    print_pages(read, cursor, every, as_json, echo, "refused attempt", shape)


def balance(
    account: str = typer.Option(None, "--account", help="Only this distributor's"),
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Paid quantities not yet assigned, per quote (newest first), and until when they are
    usable."""
    runtime = open_runtime()

    def read(after: str | None) -> Page[Balance]:
        return page_balances(
            runtime.uow_factory, runtime.book, Actor.operator(), account, limit, after
        )

    def echo(b: Balance) -> None:
        until = b.usable_until.isoformat() if b.usable_until else "-"
        settled = f", settled as {b.settlement.value}" if b.settlement else ""
        typer.echo(
            f"quote {b.quote_id}: {b.account_code} {b.model} +{b.years}y ordered {b.ordered}, "
            f"assigned {b.assigned}, remaining {b.remaining} ({b.remaining_value}), "
            f"usable until {until}{settled}"
        )

    def shape(found: Balance) -> Any:
        return balance_out(found).model_dump(mode="json")

    print_pages(read, cursor, every, as_json, echo, "balance", shape)

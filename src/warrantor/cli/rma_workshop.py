"""CLI: the workshop steps of an RMA (inspect, SMART upload, decide, repair, replace, quote).

``cli.rma`` calls ``register`` so these appear under ``warrantor rma``. The
CLI acts as the operator (admin); every command takes the RMA's number (or
``#id``) and prints human text, or JSON with ``--json``.
"""

from __future__ import annotations

from pathlib import Path

import typer

from warrantor.cli.options import open_runtime, parse_day, print_json
from warrantor.cli.shown_times import shown_day
from warrantor.domain.actors import Actor
from warrantor.domain.money import Money
from warrantor.domain.workshop import StoredDecision, WorkshopRecord
from warrantor.services.rma.decision import (
    DecisionResult,
    QuoteInput,
    answer_quote,
    decide,
)
from warrantor.services.rma.inspection import record_findings, upload_smart
from warrantor.services.rma.permissions import PermissionInput, record_permission
from warrantor.services.rma.presented_certificates import attach_certificate
from warrantor.services.rma.repair import PartInput, finish_repair, record_parts, replace_unit
from warrantor.services.rma.service_history import service_history
from warrantor.services.rma.workshop_show import show_workshop
from warrantor.views.amounts import minor_units
from warrantor.views.names import rma_state

OPERATOR = Actor.operator()

RMA_ARG = typer.Argument(..., help="RMA number (e.g. QNAP-2026-000001) or #id")
JSON_OPT = typer.Option(False, "--json", help="Print JSON")


def _tb(size: int | None) -> str:
    return "-" if size is None else f"{size / 10**12:,.3f} TB ({size:,} bytes)"


def _print_decision(decision: StoredDecision) -> None:
    typer.echo(
        f"decision: {decision.outcome.replace('_', ' ')} (policy {decision.policy_id} "
        f"{decision.policy_version}, claim day {decision.decided_on})"
    )
    typer.echo(f"  {decision.summary}")
    for role, heading in (("determining", "decided by"), ("supporting", "supported by")):
        reasons = [r for r in decision.reasons if r.role == role]
        if reasons:
            typer.echo(f"  {heading}:")
        for reason in reasons:
            typer.echo(f"    [{reason.clause_id}] {reason.text}")
    for reason in (r for r in decision.reasons if r.role is None):
        typer.echo(f"  [{reason.clause_id}] {reason.text}")
    for missing in decision.missing:
        typer.echo(f"  missing: {missing.fact}: {missing.why}")


def _print_result(result: DecisionResult) -> None:
    _print_decision(result.decision)
    if result.quote is not None:
        q = result.quote
        answer = f", {q.answer}" if q.answer else ", awaiting the customer"
        typer.echo(f"quote: {Money(q.amount_minor, q.currency)}{answer}")
    typer.echo(f"state: {rma_state(result.state)}")


def _print_record(record: WorkshopRecord) -> None:
    if record.findings:
        typer.echo(
            "findings: "
            + ", ".join(
                f.finding + (" (voids the unit)" if f.voids_unit else "") for f in record.findings
            )
        )
    for report in record.smart_reports:
        match = "matches" if report.serial_matches else "DOES NOT MATCH the unit"
        typer.echo(
            f"SMART {report.file_name}: {_tb(report.counted_bytes_written)} counted "
            f"({report.unit_rule}), {report.power_on_hours} power-on hours, serial "
            f"{report.serial_reported} {match}"
        )
    if record.decision is not None:
        _print_decision(record.decision)
    if record.quote is not None:
        q = record.quote
        typer.echo(f"quote: {Money(q.amount_minor, q.currency)}, {q.answer or 'pending'}")
    for part in record.parts:
        owner = f", removed part to the {part.removed_part_owner}" if part.replaced else ""
        typer.echo(f"part: {part.quantity} x {part.part} {part.part_number or ''}{owner}".rstrip())
    for r in record.replacements:
        typer.echo(
            f"replaced: {r.original_serial} ({r.original_model}) -> {r.replacement_serial} "
            f"({r.replacement_model}, {r.condition})"
            + (f", carries {_tb(r.carried_bytes_written)}" if r.carried_bytes_written else "")
        )
    for c in record.repair_coverages:
        when = "fixed" if c.fixed else "until the unit ships, from the expected ship day"
        typer.echo(f"repair cover: {c.serial} {c.starts_on} to {c.ends_on} ({c.reason}; {when})")


def register(app: typer.Typer) -> None:
    """Add the workshop commands to the ``rma`` group."""

    @app.command()
    def inspect(
        rma: str = RMA_ARG,
        finding: list[str] = typer.Option(
            [], "--finding", "-f", help="A finding id of the policy (repeatable)"
        ),
        note: str = typer.Option("", "--note", help="What was seen"),
        as_json: bool = JSON_OPT,
    ) -> None:
        """Record inspection findings (starts the inspection of a received unit)."""
        runtime = open_runtime()
        record = record_findings(
            runtime.uow_factory, runtime.book, OPERATOR, rma, finding, runtime.clock.now(), note
        )
        if as_json:
            print_json(record)
            return
        _print_record(record)
        typer.echo("inspection recorded")

    @app.command()
    def smart(
        rma: str = RMA_ARG,
        file: Path = typer.Argument(
            ..., help="smartctl --json -a (or -x) output", exists=True, dir_okay=False
        ),
        as_json: bool = JSON_OPT,
    ) -> None:
        """Read a drive's SMART report into the inspection and the unit's usage."""
        runtime = open_runtime()
        report = upload_smart(
            runtime.uow_factory,
            runtime.book,
            OPERATOR,
            rma,
            file.name,
            file.read_bytes(),
            runtime.clock.now(),
        )
        if as_json:
            print_json(report)
            return
        _print_record(WorkshopRecord(smart_reports=(report,)))
        if not report.serial_matches:
            typer.echo("the RMA is flagged for a person: the drive's serial differs")

    @app.command()
    def certificate(
        rma: str = RMA_ARG,
        file: Path = typer.Option(
            None, "--file", help="Certificate PDF or JSON", exists=True, dir_okay=False
        ),
        number: str = typer.Option(None, "--number", help="Certificate number"),
    ) -> None:
        """Attach the extended-warranty certificate the customer presents."""
        runtime = open_runtime()
        attached = attach_certificate(
            runtime.uow_factory,
            runtime.book,
            OPERATOR,
            rma,
            runtime.clock.now(),
            number=number,
            file_name=file.name if file else None,
            content=file.read_bytes() if file else None,
        )
        typer.echo(f"certificate {attached.certificate_number} attached")

    @app.command()
    def permission(
        rma: str = RMA_ARG,
        finding: str = typer.Option(..., "--finding", help="What it permits, e.g. disassembled"),
        granted_by: str = typer.Option(..., "--granted-by", help="Who at the maker granted it"),
        granted_on: str = typer.Option(..., "--granted-on", help="The day, YYYY-MM-DD"),
        permitted: str = typer.Option(..., "--permitted", help="What was permitted, in words"),
        on_unit: bool = typer.Option(False, "--on-unit", help="For every claim on the unit"),
        file: Path = typer.Option(
            None, "--file", help="The letter, if there is one", exists=True, dir_okay=False
        ),
        as_json: bool = JSON_OPT,
    ) -> None:
        """Record the maker's written permission: every decision on the claim honours it."""
        day = parse_day(granted_on, "--granted-on")
        assert day is not None  # typer makes it required
        runtime = open_runtime()
        given = PermissionInput(
            finding=finding.strip(),
            granted_by=granted_by,
            granted_on=day,
            permitted=permitted,
            on_unit=on_unit,
            attachment_name=file.name if file else None,
            attachment=file.read_bytes() if file else None,
        )
        found = record_permission(
            runtime.uow_factory, runtime.book, OPERATOR, rma, given, runtime.clock.now()
        )
        if as_json:
            print_json(found)
            return
        where = "the unit" if found.rma_id is None else "the RMA"
        typer.echo(
            f"written permission for {found.finding} recorded on {where} "
            f"(by {found.granted_by}, {found.granted_on.isoformat()})"
        )

    @app.command("decide")
    def decide_(
        rma: str = RMA_ARG,
        part: str = typer.Option(None, "--part", help="Component claimed (policy id)"),
        quote: str = typer.Option(
            None,
            "--quote",
            help="Paid-repair price in major units of --currency (e.g. 129.00), if not covered",
        ),
        currency: str = typer.Option(None, "--currency", help="Quote currency, e.g. USD"),
        quote_note: str = typer.Option("", "--quote-note", help="What the quote covers"),
        as_json: bool = JSON_OPT,
    ) -> None:
        """Ask the policy engine; covered -> repairing, not covered -> paid quote."""
        runtime = open_runtime()
        paid = None
        if quote is not None:
            paid = QuoteInput(
                minor_units(quote, currency or "", "--quote", "--currency"),
                currency or "",
                quote_note,
            )
        elif currency is not None:
            paid = QuoteInput(0, currency, quote_note)
        result = decide(
            runtime.uow_factory,
            runtime.book,
            runtime.keys,
            OPERATOR,
            rma,
            runtime.clock.now(),
            part_claimed=part,
            quote=paid,
            rejected_units=runtime.settings.rejected_units,
        )
        print_json(result) if as_json else _print_result(result)

    @app.command("quote-accept")
    def quote_accept(rma: str = RMA_ARG, as_json: bool = JSON_OPT) -> None:
        """Record that the customer accepts the paid repair."""
        runtime = open_runtime()
        result = answer_quote(
            runtime.uow_factory, runtime.book, OPERATOR, rma, True, runtime.clock.now()
        )
        print_json(result) if as_json else _print_result(result)

    @app.command("quote-decline")
    def quote_decline(rma: str = RMA_ARG, as_json: bool = JSON_OPT) -> None:
        """Record that the customer declines: the unit is returned unrepaired."""
        runtime = open_runtime()
        result = answer_quote(
            runtime.uow_factory, runtime.book, OPERATOR, rma, False, runtime.clock.now()
        )
        print_json(result) if as_json else _print_result(result)

    @app.command()
    def repair(
        rma: str = RMA_ARG,
        part: list[str] = typer.Option(
            ..., "--part", "-p", help="A part fitted, as NAME[:QUANTITY[:PART-NUMBER]] (repeatable)"
        ),
        not_replaced: bool = typer.Option(
            False, "--consumable", help="The parts replaced nothing (e.g. thermal paste)"
        ),
        note: str = typer.Option("", "--note", help="A note on the repair"),
    ) -> None:
        """Record parts used; a replaced part's removed piece belongs to the maker."""
        runtime = open_runtime()
        parts = []
        for raw in part:
            name, _, rest = raw.partition(":")
            quantity, _, number = rest.partition(":")
            parts.append(
                PartInput(
                    name,
                    int(quantity) if quantity.strip().isdigit() else 1,
                    number or None,
                    not not_replaced,
                    note,
                )
            )
        recorded = record_parts(
            runtime.uow_factory, runtime.book, OPERATOR, rma, parts, runtime.clock.now()
        )
        _print_record(WorkshopRecord(parts=recorded))

    @app.command()
    def replace(
        rma: str = RMA_ARG,
        serial: str = typer.Argument(..., help="The replacement unit's own serial"),
        condition: str = typer.Option("new", "--condition", help="new or reconditioned"),
        model: str = typer.Option(None, "--model", help="A substitute model (default: same)"),
        note: str = typer.Option("", "--note", help="A note on the replacement"),
        as_json: bool = JSON_OPT,
    ) -> None:
        """Replace the unit by another with its own serial, linked to the original."""
        runtime = open_runtime()
        done = replace_unit(
            runtime.uow_factory,
            runtime.book,
            runtime.keys,
            OPERATOR,
            rma,
            serial,
            runtime.clock.now(),
            condition=condition,
            model=model,
            note=note,
        )
        if as_json:
            print_json(done)
            return
        _print_record(WorkshopRecord(replacements=(done,)))

    @app.command()
    def finish(
        rma: str = RMA_ARG,
        ship_on: str = typer.Option(
            None, "--ship-on", help="Expected ship day, YYYY-MM-DD (default: today)"
        ),
        note: str = typer.Option("", "--note", help="A note on the repair"),
    ) -> None:
        """Finish the repair: ready to ship, with the repair cover it earns."""
        runtime = open_runtime()
        state, covers = finish_repair(
            runtime.uow_factory,
            runtime.book,
            OPERATOR,
            rma,
            runtime.clock.now(),
            expected_ship_on=parse_day(ship_on, "--ship-on"),
            note=note,
        )
        _print_record(WorkshopRecord(repair_coverages=covers))
        typer.echo(f"state: {rma_state(state)}")

    @app.command()
    def workshop(rma: str = RMA_ARG, as_json: bool = JSON_OPT) -> None:
        """Show what the workshop recorded on the RMA."""
        runtime = open_runtime()
        found, record = show_workshop(runtime.uow_factory, OPERATOR, rma)
        if as_json:
            print_json({"rma": found, "workshop": record})
            return
        typer.echo(f"RMA {found.number or found.id}: {rma_state(found.state)}")
        if found.needs_attention:
            typer.echo(f"flagged for a person: {found.attention_reason}")
        _print_record(record)

    @app.command()
    def history(
        serial: str = typer.Argument(..., help="Serial number"),
        brand: str = typer.Option(None, "--brand", "-b", help="Brand, if the serial is ambiguous"),
        as_json: bool = JSON_OPT,
    ) -> None:
        """A unit's service history: every RMA, decision, replacement and repair cover."""
        runtime = open_runtime()
        found = service_history(runtime.uow_factory, OPERATOR, brand, serial)
        if as_json:
            print_json(found)
            return
        typer.echo(f"{found.unit.brand} {found.unit.serial}: serials {' -> '.join(found.serials)}")
        if not found.rmas:
            typer.echo("no RMAs")
        for entry in found.rmas:
            rma = entry.rma
            typer.echo(
                f"\nRMA {rma.number or rma.id} on {rma.serial}, opened "
                f"{shown_day(rma.opened_at)}: {rma_state(rma.state)} ({rma.symptom})"
            )
            _print_record(entry.record)

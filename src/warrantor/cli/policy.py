"""`warrantor policy ...`: tools for policy authors (run cases, lint, explain, SLA due dates).

A thin shell: the work is in ``warrantor.policy`` (loader, cases, lint,
explain); these commands parse options, call it and print.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import typer

from warrantor.cli.options import parse_day, storeless_clock
from warrantor.cli.shown_times import shown
from warrantor.domain.coverage import Extension, UsageReading
from warrantor.domain.units import Unit, normalize_country
from warrantor.errors import InvalidInput, Problem
from warrantor.i18n import times
from warrantor.policy.book import PolicyBook
from warrantor.policy.cases import clauses_no_case_expects, run_cases
from warrantor.policy.explain import explain as explain_lines
from warrantor.policy.explain import explain_offer
from warrantor.policy.facts import Facts
from warrantor.policy.lint import lint as lint_policy
from warrantor.policy.loader import load_policy
from warrantor.policy.offers import extension_offer
from warrantor.policy.service_terms import (
    SlaDue,
    calendar_of,
    repair_due,
    rma_number_due,
    service_centre,
)
from warrantor.settings import Settings

app = typer.Typer(
    help="Policy files: run their cases, lint them, explain a decision, compute SLA due dates.",
    no_args_is_help=True,
)

FILE_ARGUMENT = typer.Argument(
    None, help="A policy file (default: every *.toml in the policies folder)."
)


def _files(file: Path | None) -> list[Path]:
    if file is not None:
        return [file]
    return sorted(Settings().policies_dir.glob("*.toml"))


@app.command("test")
def test(
    file: Path | None = FILE_ARGUMENT,
    coverage: bool = typer.Option(
        False, "--coverage", help="Also list the clause ids no case expects; exit 1 on any"
    ),
) -> None:
    """Run the test cases of FILE (or of every policy) and report each failure; exit 1 on any."""
    total = failed = unexpected = 0
    for path in _files(file):
        policy = load_policy(path)
        if coverage:
            for clause_id in clauses_no_case_expects(policy):
                unexpected += 1
                typer.echo(f"UNCOVERED {path.name}: no case expects clause {clause_id}")
        for result in run_cases(policy):
            total += 1
            if result.passed:
                continue
            failed += 1
            typer.echo(f"FAIL {path.name}: {result.name}")
            for failure in result.failures:
                typer.echo(f"  expected/actual: {failure}")
            typer.echo(f"  actual decision: {result.actual}")
            typer.echo(f"  actual clauses:  {', '.join(result.actual_clauses) or 'none'}")
    typer.echo(f"{total} cases, {failed} failed")
    if coverage:
        typer.echo(f"{unexpected} clause(s) no case expects")
    if failed or unexpected:
        raise typer.Exit(code=1)


@app.command("lint")
def lint(file: Path | None = FILE_ARGUMENT) -> None:
    """Find rules that can never take effect in FILE (or every policy); exit 1 on any."""
    count = 0
    for path in _files(file):
        policy = load_policy(path)  # a file that can't be read or parsed is refused here
        for finding in lint_policy(policy, path.read_text(encoding="utf-8")):
            count += 1
            typer.echo(f"{path.name}: {finding}")
    typer.echo(f"{count} lint finding(s)")
    if count:
        raise typer.Exit(code=1)


def _country(raw: str | None, option: str) -> str | None:
    if raw is None:
        return None
    try:
        return normalize_country(raw)
    except ValueError as error:
        raise InvalidInput(f"invalid {option}", [Problem(str(error), option)]) from None


def _extension(raw: str) -> Extension:
    """``YEARS:PURCHASED_ON[:valid|invalid]``, e.g. ``2:2024-02-01:valid``."""
    parts = raw.split(":")
    try:
        years, bought = int(parts[0]), date.fromisoformat(parts[1])
    except (ValueError, IndexError):
        problem = Problem(f"expected YEARS:YYYY-MM-DD[:valid|invalid], got {raw!r}", "--extension")
        raise InvalidInput("invalid --extension", [problem]) from None
    state = parts[2] if len(parts) > 2 else None
    valid = {"valid": True, "invalid": False}.get(state) if state else None
    return Extension(years, bought, certificate_number=state and "CLI", certificate_valid=valid)


@app.command("explain")
def explain(
    brand: str = typer.Option(..., help="Brand, as in the policy (e.g. QNAP, Netac)."),
    model: str = typer.Option(..., help="Model name, e.g. 'TS-453 Pro' or 'NV7000 2TB'."),
    on: str | None = typer.Option(None, help="Day asked about (default: today)."),
    purchased_on: str | None = typer.Option(None, help="Purchase date on the proof."),
    proof: str | None = typer.Option(None, help="Reference of the proof of purchase."),
    manufactured_on: str | None = typer.Option(None, help="Manufacturing date."),
    first_invoiced_on: str | None = typer.Option(None, help="Date of the first invoice."),
    country_of_purchase: str | None = typer.Option(None, help="ISO country of purchase."),
    extension: list[str] = typer.Option(
        [], help="An extension bought: YEARS:YYYY-MM-DD[:valid|invalid] (repeatable)."
    ),
    bytes_written: int | None = typer.Option(None, help="Bytes written (decimal)."),
    read_on: str | None = typer.Option(None, help="Day of the reading (default: --on)."),
    claim: bool = typer.Option(False, "--claim", help="A service claim, not a plain check."),
    finding: list[str] = typer.Option([], help="Inspection finding (repeatable)."),
    voiding_finding: list[str] = typer.Option([], help="Finding recorded on the unit."),
    permission: list[str] = typer.Option([], help="Finding with written permission."),
    part: str | None = typer.Option(None, help="Component claimed."),
    service_country: str | None = typer.Option(None, help="ISO country of service."),
    special_application: bool = typer.Option(
        False, "--special-application", help="Declared for use beyond average consumer use."
    ),
    offer_years: int | None = typer.Option(None, help="Ask about selling N more years."),
    buyer_direct: bool = typer.Option(True, help="The buyer is a direct customer."),
    buyer_country: str | None = typer.Option(None, help="ISO country of the buyer."),
) -> None:
    """Show the decision for the given facts, clause by clause."""
    book = PolicyBook.from_dir(Settings().policies_dir)
    day = parse_day(on, "--on") or storeless_clock().today()
    unit = Unit(
        brand=book.versions(brand)[-1].brand,
        serial="EXPLAIN",
        model=model,
        manufactured_on=parse_day(manufactured_on, "--manufactured-on"),
        first_invoiced_on=parse_day(first_invoiced_on, "--first-invoiced-on"),
        purchased_on=parse_day(purchased_on, "--purchased-on"),
        proof_of_purchase=proof,
        country_of_purchase=_country(country_of_purchase, "--country-of-purchase"),
        voiding_findings=tuple(voiding_finding),
    )
    extensions = tuple(_extension(raw) for raw in extension)
    if offer_years is not None:
        policy = book.version_for(unit.brand, None)
        offer = extension_offer(
            policy,
            unit,
            day,
            offer_years,
            buyer_direct,
            _country(buyer_country, "--buyer-country"),
            extensions,
        )
        typer.echo("\n".join(explain_offer(offer)))
        return
    reading = None
    if bytes_written is not None:
        reading = UsageReading(bytes_written, parse_day(read_on, "--read-on") or day, "cli")
    facts = Facts(
        unit=unit,
        on=day,
        extensions=extensions,
        reading=reading,
        is_claim=claim,
        findings=tuple(finding),
        part_claimed=part,
        service_country=_country(service_country, "--service-country"),
        written_permissions=tuple(permission),
        special_application=True if special_application else None,
    )
    typer.echo("\n".join(explain_lines(book.evaluate(facts))))


def _instant(raw: str, option: str) -> datetime:
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        problem = Problem(f"not an instant with a zone like 2026-11-25T15:00:00Z: {raw!r}", option)
        raise InvalidInput(f"invalid {option}", [problem])
    return at


def _pause(raw: str) -> tuple[date, date]:
    """``FIRST:LAST`` (both included) or a single day."""
    first, _, last = raw.partition(":")
    try:
        return date.fromisoformat(first), date.fromisoformat(last or first)
    except ValueError:
        problem = Problem(f"expected YYYY-MM-DD[:YYYY-MM-DD], got {raw!r}", "--pause")
        raise InvalidInput("invalid --pause", [problem]) from None


def _print_due(due: SlaDue, centre_name: str, region: str) -> None:
    what = "RMA number" if due.kind == "rma-number" else "Repair"
    days = "business days" if due.kind == "rma-number" else "working days"
    paused = f", {due.paused_business_days} paused" if due.paused_business_days else ""
    typer.echo(f"{what} at {due.centre_id} ({centre_name}), policy {due.policy_id}")
    # the instants on the chosen clock (--time-zone), each also on the centre's, whose
    # business days the due day counts
    weekday = times.day_of(due.event_at, due.timezone)
    at_centre = times.clock(due.event_at, due.timezone)
    typer.echo(f"  event:       {shown(due.event_at)} (at the centre: {weekday:%a} {at_centre})")
    typer.echo(
        f"  due on:      {due.due_on:%a %Y-%m-%d} ({due.business_days} {days}{paused}, "
        f"calendar {region})"
    )
    typer.echo(
        f"  due by:      {shown(due.due_at)} (end of {due.due_on:%a %Y-%m-%d} at the centre: "
        f"{times.clock(due.due_at, due.timezone)})"
    )
    provisional = (
        "yes: the calendar of a day counted is not yet published" if due.provisional else "no"
    )
    typer.echo(f"  provisional: {provisional}")
    for citation in due.citations:
        inferred = " (inferred; see the clause's note)" if citation.inferred else ""
        typer.echo(f"  because:     [{citation.clause_id}] {citation.text}{inferred}")


@app.command("sla")
def sla(
    brand: str = typer.Option(..., help="Brand, as in the policy (e.g. QNAP)."),
    centre: str | None = typer.Option(None, help="Service centre id, e.g. qnap-us."),
    country: str | None = typer.Option(None, help="ISO country whose service centre to use."),
    event: str = typer.Option(
        ..., help="When documents were validated (rma-number) or the unit received (repair)."
    ),
    kind: str = typer.Option("rma-number", help="Which promise: rma-number or repair."),
    pause: list[str] = typer.Option(
        [], help="Days the repair clock stood still: FIRST:LAST, both included (repeatable)."
    ),
    paid: bool = typer.Option(False, "--paid", help="A paid repair, not a warranty repair."),
) -> None:
    """When a policy's service promise falls due, in the service centre's business days."""
    if kind not in ("rma-number", "repair"):
        problem = Problem(f"expected rma-number or repair, got {kind!r}", "--kind")
        raise InvalidInput("invalid --kind", [problem])
    at = _instant(event, "--event")
    pauses = [_pause(raw) for raw in pause]
    if kind == "rma-number" and (pauses or paid):
        problem = Problem("--pause and --paid apply to --kind repair", "--kind")
        raise InvalidInput("options for a repair given for an RMA number", [problem])
    policy = PolicyBook.from_dir(Settings().policies_dir).version_for(brand, at.date())
    where = service_centre(policy, centre, _country(country, "--country"))
    if kind == "rma-number":
        due: SlaDue | None = rma_number_due(policy, where, at)
    else:
        due = repair_due(policy, where, at, pauses, warranty_repair=not paid)
    if due is None:
        typer.echo(
            f"No repair-time promise: the {policy.brand} policy promises it for warranty "
            "repairs only, not paid repairs."
        )
        return
    calendar = calendar_of(where)
    region = calendar.country + (f"-{calendar.subdivision}" if calendar.subdivision else "")
    _print_due(due, where.name, region)

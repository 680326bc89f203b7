"""CLI: `warrantor worker`: send the mail outbox and run every periodic duty (issues #5, #20).

One command: by default it runs until stopped: on PostgreSQL a Procrastinate
worker (``jobs.procrastinate_app``; start more of them to scale out), on the
embedded SQLite database a polling loop every ``--interval`` seconds
(``jobs.polling``). ``--once`` runs one round of the loop on either engine and
exits (for cron and tests); ``--status`` shows queue depth, failures,
possible duplicates and each duty's last and next run; ``--retry`` puts
failed messages back in line.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

import typer

from warrantor.cli.options import open_runtime
from warrantor.cli.shown_times import shown
from warrantor.domain.actors import Actor
from warrantor.jobs.duties import DutyContext
from warrantor.jobs.polling import Round, run_forever, run_round
from warrantor.jobs.procrastinate_app import build_app, run_worker
from warrantor.jobs.status import WorkerStatus, worker_status
from warrantor.services.jobs.runs import DutyState
from warrantor.services.outbox.sender import DEFAULT_MAX_ATTEMPTS, retry_failed
from warrantor.store.outbox import OutboxMessage
from warrantor.telemetry.logs import configure_logging

app = typer.Typer(subcommand_metavar="")


@app.callback(invoke_without_command=True)
def worker(
    once: bool = typer.Option(False, "--once", help="Send one round of due messages, then exit"),
    interval: float = typer.Option(
        10.0, "--interval", min=0.1, help="Seconds between rounds when nothing is due"
    ),
    batch: int = typer.Option(50, "--batch", min=1, help="At most this many messages a round"),
    max_attempts: int = typer.Option(
        DEFAULT_MAX_ATTEMPTS,
        "--max-attempts",
        min=1,
        help="Attempts before a message is marked failed (retried by hand after that)",
    ),
    status: bool = typer.Option(
        False,
        "--status",
        help="Show queue depth, failures, possible duplicates and each duty's last and next "
        "run; runs nothing",
    ),
    retry: list[int] = typer.Option(
        None, "--retry", help="Put this failed message (by id) back in line; repeatable"
    ),
    retry_all: bool = typer.Option(False, "--retry-failed", help="Put every failed message back"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (with --status, --once)"),
    name: str = typer.Option(None, "--name", help="This worker's name in logs (PostgreSQL)"),
) -> None:
    """Send pending mail over SMTP (WARRANTOR_SMTP_HOST, WARRANTOR_SMTP_PORT) and run the
    periodic duties: balance settlement, SLA escalation, clean-up.

    A failed send is tried again later with a growing wait; after
    --max-attempts it is marked failed and listed by --status until retried
    with --retry ID or --retry-failed. Several workers may run at once on
    PostgreSQL; none sends a message another one holds, and a worker killed
    mid-task is taken over after WARRANTOR_WORKER_LEASE_S seconds.
    """
    runtime = open_runtime()
    context = DutyContext(runtime, batch=batch, max_attempts=max_attempts)
    if status:
        _print_status(worker_status(context, Actor.operator()), as_json)
        return
    if retry or retry_all:
        ids = retry_failed(
            runtime.uow_factory,
            Actor.operator(),
            message_ids=None if retry_all else list(retry),
            clock=runtime.clock,
        )
        if as_json:
            typer.echo(json.dumps({"retried": ids}))
        else:
            typer.echo(f"{len(ids)} message(s) due again: {', '.join(map(str, ids)) or '-'}")
        return
    if once:
        _print_round(run_round(context), as_json)
        return
    settings = runtime.settings
    configure_logging(settings.log_format, settings.log_level)  # a line per task, from here on
    if not settings.effective_database_url.startswith("sqlite"):
        how = "listening" if settings.worker_listens else "polling"
        typer.echo(f"Procrastinate worker ({how}); mail via {settings.smtp_host} (Ctrl-C to stop)")
        run_worker(build_app(context), settings, name=name)
        return
    typer.echo(
        f"Sending mail via {settings.smtp_host}:{settings.smtp_port} and running duties every "
        f"{interval:g}s (Ctrl-C to stop)"
    )
    try:
        run_forever(context, interval=interval, report=_print_activity)
    except KeyboardInterrupt:
        typer.echo("Stopped.")


def _print_round(done: Round, as_json: bool) -> None:
    if as_json:
        report = done.mail
        typer.echo(
            json.dumps(
                {
                    **asdict(report),
                    "claimed": report.claimed,
                    "duties": done.ran,
                    "failed_duties": done.failed,
                }
            )
        )
        return
    for line in done.lines():
        typer.echo(line)


def _print_activity(done: Round) -> None:
    """The loop prints only rounds that did something."""
    if done.mail.claimed or done.mail.released or done.ran or done.failed:
        for line in done.lines():
            typer.echo(line)


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _message_dict(message: OutboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "topic": message.topic,
        "reference": message.reference,
        "to": message.to_address,
        "subject": message.subject,
        "status": message.status,
        "attempts": message.attempts,
        "created_at": _instant(message.created_at),
        "next_attempt_at": _instant(message.next_attempt_at),
        "last_attempt_at": _instant(message.last_attempt_at),
        "last_error": message.last_error,
    }


def _duty_dict(state: DutyState) -> dict[str, Any]:
    last = state.last
    return {
        "duty": state.duty,
        "cron": state.cron,
        "last_started_at": _instant(last.started_at) if last else None,
        "last_finished_at": _instant(last.finished_at) if last else None,
        "last_outcome": last.outcome if last else None,
        "last_summary": last.summary if last else None,
        "runs": last.runs if last else 0,
        "failures": last.failures if last else 0,
        "next_run_at": _instant(state.next_at),
    }


def _print_status(worker: WorkerStatus, as_json: bool) -> None:
    status = worker.outbox
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "queue_depth": worker.queue_depth,
                    "counts": status.counts,
                    "possible_duplicates": status.possible_duplicates,
                    "jobs": worker.jobs,
                    "duties": [_duty_dict(d) for d in worker.duties],
                    "failed": [_message_dict(m) for m in status.failed],
                    "retrying": [_message_dict(m) for m in status.retrying],
                },
                indent=2,
            )
        )
        return
    typer.echo(f"queue depth: {worker.queue_depth}")
    typer.echo("mail: " + "  ".join(f"{name}: {count}" for name, count in status.counts.items()))
    typer.echo(
        f"possible duplicates: {status.possible_duplicates} (sent again after a worker stopped "
        "mid-send; same Message-ID)"
    )
    if worker.jobs is not None:
        typer.echo("jobs: " + "  ".join(f"{k}: {v}" for k, v in worker.jobs.items()))
    typer.echo("\nDuties (last run; next run):")
    for duty in worker.duties:
        typer.echo(f"  {_duty_line(duty)}")
    for title, messages in (("Failed", status.failed), ("Retrying", status.retrying)):
        if not messages:
            continue
        typer.echo(f"\n{title}:")
        for m in messages:
            when = "" if m.status == "failed" else f", next try {shown(m.next_attempt_at)}"
            typer.echo(f"  #{m.id} {m.topic} {m.reference} to {m.to_address}: {m.subject}")
            typer.echo(f"      {m.attempts} attempt(s){when}; last error: {m.last_error}")


def _duty_line(state: DutyState) -> str:
    last = state.last
    if last is None:
        done = "never ran"
    else:
        done = f"{last.outcome} at {shown(last.started_at)}"
        if last.summary:
            done += f" ({last.summary})"
        if last.failures:
            done += f"; {last.failures} failure(s) in {last.runs} run(s)"
    return f"{state.duty} [{state.cron}]: {done}; next {shown(state.next_at)}"

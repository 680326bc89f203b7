"""CLI: `warrantor worker`: send the mail outbox over SMTP (issue #5).

One command: by default it runs until stopped, sending what is due every
``--interval`` seconds; ``--once`` sends one round and exits (for cron and
tests); ``--status`` shows where the outbox stands; ``--retry`` puts failed
messages back in line.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from datetime import datetime
from typing import Any

import typer

from warrantor.bootstrap import Runtime
from warrantor.cli.options import open_runtime
from warrantor.domain.actors import Actor
from warrantor.mail.smtp import SmtpTransport
from warrantor.services.outbox.sender import (
    DEFAULT_MAX_ATTEMPTS,
    OutboxStatus,
    RetryPolicy,
    SendReport,
    outbox_status,
    retry_failed,
    send_due,
)
from warrantor.store.outbox import OutboxMessage

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
        False, "--status", help="Show counts by status, failed and retrying messages; no sending"
    ),
    retry: list[int] = typer.Option(
        None, "--retry", help="Put this failed message (by id) back in line; repeatable"
    ),
    retry_all: bool = typer.Option(False, "--retry-failed", help="Put every failed message back"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (with --status, --once)"),
) -> None:
    """Send pending mail over SMTP (WARRANTOR_SMTP_HOST, WARRANTOR_SMTP_PORT), with retries.

    A failed send is tried again later with a growing wait; after
    --max-attempts it is marked failed and listed by --status until retried
    with --retry ID or --retry-failed. Several workers may run at once on
    PostgreSQL; none sends a message another one holds.
    """
    runtime = open_runtime()
    if status:
        _print_status(outbox_status(runtime.uow_factory, Actor.operator()), as_json)
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
    policy = RetryPolicy(max_attempts=max_attempts)
    if once:
        report = _round(runtime, batch, policy)
        if as_json:
            typer.echo(json.dumps({**asdict(report), "claimed": report.claimed}))
        else:
            typer.echo(_summary(report))
        return
    settings = runtime.settings
    typer.echo(
        f"Sending mail via {settings.smtp_host}:{settings.smtp_port} every {interval:g}s "
        "(Ctrl-C to stop)"
    )
    try:
        while True:
            report = _round(runtime, batch, policy)
            if report.claimed or report.released:
                typer.echo(_summary(report))
            if report.claimed < batch:
                time.sleep(interval)
    except KeyboardInterrupt:
        typer.echo("Stopped.")


def _round(runtime: Runtime, batch: int, policy: RetryPolicy) -> SendReport:
    settings = runtime.settings
    with SmtpTransport(
        settings.smtp_host,
        settings.smtp_port,
        timeout=settings.smtp_timeout,
        starttls=settings.smtp_starttls,
        username=settings.smtp_username,
        password=settings.smtp_password,
    ) as transport:
        return send_due(
            runtime.uow_factory,
            transport,
            clock=runtime.clock,
            mail_from=settings.mail_from,
            batch=batch,
            policy=policy,
        )


def _summary(report: SendReport) -> str:
    text = f"sent {len(report.sent)}, to retry {len(report.retrying)}, failed {len(report.failed)}"
    if report.released:
        text += f", taken over from a stopped worker {report.released}"
    if report.lost_lease:
        text += f", lease lost {len(report.lost_lease)}"
    return text


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


def _print_status(status: OutboxStatus, as_json: bool) -> None:
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "counts": status.counts,
                    "failed": [_message_dict(m) for m in status.failed],
                    "retrying": [_message_dict(m) for m in status.retrying],
                },
                indent=2,
            )
        )
        return
    typer.echo("  ".join(f"{name}: {count}" for name, count in status.counts.items()))
    for title, messages in (("Failed", status.failed), ("Retrying", status.retrying)):
        if not messages:
            continue
        typer.echo(f"\n{title}:")
        for m in messages:
            when = "" if m.status == "failed" else f", next try {_instant(m.next_attempt_at)}"
            typer.echo(f"  #{m.id} {m.topic} {m.reference} to {m.to_address}: {m.subject}")
            typer.echo(f"      {m.attempts} attempt(s){when}; last error: {m.last_error}")

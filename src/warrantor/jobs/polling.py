"""The polling worker: the same duty functions in one loop (issue #20).

On the embedded SQLite default ``warrantor worker`` runs this loop, and on
either engine ``warrantor worker --once`` runs one round of it (for cron and
tests). Each round sends the mail that is due, then runs each periodic duty
whose cron had an instant since its last start; a duty is claimed first
(``services.jobs.runs.run_if_due``), so two loops never run it twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from warrantor.jobs.duties import MAIL, PERIODIC, DutyContext, mail_summary, send_mail_round
from warrantor.jobs.task_log import log_task
from warrantor.services.jobs.runs import run_if_due, run_now
from warrantor.services.outbox.sender import SendReport

logger = logging.getLogger(__name__)


@dataclass
class Round:
    """What one round did: the mail sent, and each duty that ran (or failed) with its line."""

    mail: SendReport = field(default_factory=SendReport)
    ran: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """What a person reads: the mail line, then one line per duty that ran or failed."""
        return [
            mail_summary(self.mail),
            *(f"{name}: {summary}" for name, summary in self.ran.items()),
            *(f"{name} failed: {reason}" for name, reason in self.failed.items()),
        ]


def run_round(context: DutyContext) -> Round:
    """Send due mail, then run each periodic duty that is due; see the module docstring.

    A duty that fails is recorded ``failed`` (``--status`` shows why) and the
    round goes on to the next one; mail failing to reach the database raises.
    """
    runtime = context.runtime
    done = Round()

    def mail(at: datetime) -> str:
        done.mail = send_mail_round(context, at)
        return mail_summary(done.mail)

    run_now(runtime.uow_factory, runtime.clock, MAIL.name, _logged(MAIL.name, mail))
    for duty in PERIODIC:
        work = _logged(duty.name, partial(duty.work, context))
        try:
            summary = run_if_due(runtime.uow_factory, runtime.clock, duty.name, duty.cron, work)
        except Exception as error:  # recorded in duty_runs; the other duties still run
            logger.exception("duty %s failed", duty.name)
            done.failed[duty.name] = f"{type(error).__name__}: {error}"
            continue
        if summary is not None:
            done.ran[duty.name] = summary
    return done


def _logged(name: str, work: Callable[[datetime], str]) -> Callable[[datetime], str]:
    """``work`` logging one line when it runs (``jobs.task_log``); a duty not due logs none."""

    def run(at: datetime) -> str:
        with log_task(name):
            return work(at)

    return run


def run_forever(context: DutyContext, *, interval: float, report: Callable[[Round], None]) -> None:
    """Rounds until interrupted; sleeps ``interval`` seconds after a round that had no full
    batch of mail (a full batch means more may be waiting)."""
    while True:
        done = run_round(context)
        report(done)
        if done.mail.claimed < context.batch:
            time.sleep(interval)

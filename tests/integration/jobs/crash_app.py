"""The product's Procrastinate app plus one task for the crash test (run as a script by it).

``blocking_effect(key)`` does what a duty does, an effect guarded by an
idempotency key (a mail queued to the outbox, written with its key in one
transaction), then blocks until the test's ``release`` file exists: the
event the test controls while it kills the worker. Each run appends a line
to ``runs``.

As a script: ``python crash_app.py FOLDER NAME`` runs a real worker
(``jobs.procrastinate_app.run_worker``) with this app, on the database the
environment names.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import procrastinate

from warrantor.bootstrap import build_runtime
from warrantor.jobs.duties import DutyContext
from warrantor.jobs.procrastinate_app import QUEUE, build_app, run_worker
from warrantor.services.outbox.mail import queue_mail
from warrantor.store.duty_runs import DutyRunRepository

TASK = "blocking_effect"


def crash_app(context: DutyContext, folder: Path) -> procrastinate.App:
    """The product's app with ``blocking_effect`` added."""
    app = build_app(context)
    runtime = context.runtime

    def blocking_effect(key: str) -> str:
        with (folder / "runs").open("a") as runs:
            runs.write("run\n")
        with runtime.uow_factory() as uow:
            first = DutyRunRepository(uow.connection).first_time(key, now=runtime.clock.now())
            if first:
                queue_mail(
                    uow,
                    to="lead@example.com",
                    subject=f"effect {key}",
                    body="This effect happens once.",
                    now=runtime.clock.now(),
                    topic="test.effect",
                    reference=key,
                )
        (folder / "committed").touch()
        while not (folder / "release").exists():  # the event the test controls
            time.sleep(0.05)
        return "did it" if first else "already done"

    app.task(name=TASK, queue=QUEUE)(blocking_effect)
    return app


if __name__ == "__main__":
    folder, name = Path(sys.argv[1]), sys.argv[2]
    context = DutyContext(build_runtime())
    run_worker(crash_app(context, folder), context.runtime.settings, name=name)

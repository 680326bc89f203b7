"""Real worker processes for the crash tests: started with ``subprocess``, killed with SIGKILL.

``wait_for`` polls a condition until a deadline (never a sleep for timing:
the deadline only bounds how long a broken build takes to fail).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

WARRANTOR = Path(sys.executable).parent / "warrantor"
DEADLINE_S = 90.0
"""How long a condition may take on a busy 2-core machine before the test fails."""


def wait_for(
    condition: Callable[[], bool],
    what: str,
    deadline_s: float = DEADLINE_S,
    *,
    worker: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``deadline_s`` seconds,
    or as soon as ``worker`` has exited (with the end of its ``log``)."""
    give_up = time.monotonic() + deadline_s
    while not condition():
        stopped = worker is not None and worker.poll() is not None
        if stopped or time.monotonic() > give_up:
            why = "the worker exited" if stopped else f"gave up after {deadline_s:g}s"
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise AssertionError(f"{why} waiting for {what}\n{tail}")
        time.sleep(0.05)


def worker_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a worker process on ``database_url`` with a 2-second lease."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARRANTOR_")}
    env.update(
        WARRANTOR_DATABASE_URL=database_url,
        WARRANTOR_DATA_DIR=str(data_dir),
        WARRANTOR_WORKER_LEASE_S="2",
        WARRANTOR_MAIL_FROM="Netac Service <rma@netac.example>",
        WARRANTOR_KEYS_MASTER_SECRET="crash-test-secret-crash-test-secret-0123",
    )
    env.update(extra)
    return env


@contextmanager
def running(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A process running ``command``; stopped (SIGTERM, then SIGKILL) when the block ends."""
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def kill_hard(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL: the process gets no chance to record anything."""
    process.send_signal(signal.SIGKILL)
    process.wait()

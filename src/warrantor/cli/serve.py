"""`warrantor serve`: the web pages and the API on one port.

In production it is the same command with ``--workers N`` (``uvicorn`` with
uvloop and httptools, N processes sharing the port). Each process counts its
own metrics; with more than one, they write them to a shared folder
(``PROMETHEUS_MULTIPROC_DIR``, made under the data folder and emptied at start
unless given) so any process answers ``/metrics`` with the sum.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer
import uvicorn

from warrantor.settings import Settings
from warrantor.telemetry.metrics import MULTIPROCESS_DIR_VARIABLE

WORKER_HEALTHCHECK_S = 60
"""How long uvicorn's supervisor waits for a server process to answer its ping before it
kills and replaces it. Its default, 5 s, is shorter than importing the app takes on a busy
host: every process was killed while starting, and replaced, over and over."""


def serve(
    host: str = typer.Option(None, help="Address to listen on (default WARRANTOR_HOST)"),
    port: int = typer.Option(None, help="Port (default WARRANTOR_PORT, 8000)"),
    workers: int = typer.Option(1, min=1, help="Server processes"),
) -> None:
    """Serve the web pages and the REST API (docs at /api/docs)."""
    settings = Settings()
    host = host or settings.host
    port = port or settings.port
    if workers > 1:
        _metrics_folder(settings.data_dir / "prometheus")
    typer.echo(f"Warrantor is serving on http://{host}:{port}/  (API docs: /api/docs)")
    uvicorn.run(
        "warrantor.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
        loop="uvloop",
        http="httptools",
        log_level=settings.log_level.lower(),
        log_config=None,  # the app's own structured logging (telemetry.logs), set in each worker
        access_log=False,  # the app logs each request itself (http.request_log)
        proxy_headers=False,  # the app believes X-Forwarded-* from WARRANTOR_TRUSTED_PROXIES only
    )


def _metrics_folder(default: Path) -> None:
    """Where the worker processes write their metrics: ``PROMETHEUS_MULTIPROC_DIR`` if set,
    else ``default``; emptied first, as prometheus-client asks (counts of a previous run
    would be added to this one's)."""
    folder = Path(os.environ.get(MULTIPROCESS_DIR_VARIABLE) or default)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROCESS_DIR_VARIABLE] = str(folder)

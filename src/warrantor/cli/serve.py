"""`warrantor serve`: the web pages and the API on one port."""

from __future__ import annotations

import typer
import uvicorn

from warrantor.settings import Settings


def serve(
    host: str = typer.Option(None, help="Address to listen on (default WARRANTOR_HOST)"),
    port: int = typer.Option(None, help="Port (default WARRANTOR_PORT, 8000)"),
    workers: int = typer.Option(1, help="Server processes"),
) -> None:
    """Serve the web pages and the REST API (docs at /api/docs)."""
    settings = Settings()
    host = host or settings.host
    port = port or settings.port
    typer.echo(f"Warrantor is serving on http://{host}:{port}/  (API docs: /api/docs)")
    uvicorn.run(
        "warrantor.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=False,  # the app believes X-Forwarded-* from WARRANTOR_TRUSTED_PROXIES only
    )

"""`warrantor db ...`: the database's schema."""

from __future__ import annotations

import typer
from sqlalchemy.engine import make_url

from warrantor.settings import Settings
from warrantor.store.migrate import current_revision, head_revision
from warrantor.store.migrate import upgrade as upgrade_schema

app = typer.Typer(help="The database: bring its schema up to date.", no_args_is_help=True)


@app.command()
def upgrade() -> None:
    """Create or update the tables in WARRANTOR_DATABASE_URL (default: a SQLite file in data/)."""
    settings = Settings()
    url = settings.effective_database_url
    if url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_schema(url)
    shown = make_url(url).render_as_string(hide_password=True)
    typer.echo(f"{shown} is at revision {current_revision(url)}")


@app.command()
def status() -> None:
    """Show the database's schema revision and the newest one this version ships."""
    url = Settings().effective_database_url
    shown = make_url(url).render_as_string(hide_password=True)
    typer.echo(f"{shown}: revision {current_revision(url) or 'none'} (newest: {head_revision()})")

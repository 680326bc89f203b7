"""Bringing a database's schema up to date with the migrations shipped in the package.

Called by ``warrantor db upgrade``, the demo and the test fixtures. The Alembic
configuration is built here in code, so no ``alembic.ini`` is needed anywhere.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from warrantor.store.engine import normalize_url

SCRIPT_LOCATION = "warrantor.store:migrations"

JOB_ENGINE_PREFIX = "procrastinate_"
"""Procrastinate's tables (PostgreSQL, migration 0011): its schema, not declared in ours."""


SEARCH_PREFIX = "search_"
"""Search structures only one engine has (migrations 0017, 0022: FTS5 tables on SQLite, pg_trgm
indexes ``ix_search_...`` on PostgreSQL), kept out of the tables' metadata."""


def is_product_object(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic ``include_name``: compare only the product's own tables, not the job engine's
    nor one engine's search structures."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith((JOB_ENGINE_PREFIX, SEARCH_PREFIX))
    return not (type_ == "index" and name.startswith("ix_" + SEARCH_PREFIX))


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at the package's migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if url is not None:
        config.attributes["url"] = normalize_url(url)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` to the database at ``url``."""
    command.upgrade(alembic_config(url=url), revision)


def upgrade_connection(connection: Connection, revision: str = "head") -> None:
    """Same as ``upgrade``, on a connection the caller owns (and commits)."""
    command.upgrade(alembic_config(connection=connection), revision)


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at (``None``: never migrated)."""
    from alembic.runtime.migration import MigrationContext

    from warrantor.store.engine import create_db_engine

    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    """The newest revision shipped in the package."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def ensure_migrated(url: str) -> None:
    """Raise a clear error when the database at ``url`` is not at the newest schema.

    Entry points call this before using the store, so a fresh checkout says
    "run warrantor db upgrade" instead of "no such table".
    """
    from sqlalchemy.engine import make_url

    from warrantor.errors import WarrantorError

    current, head = current_revision(url), head_revision()
    if current != head:
        shown = make_url(normalize_url(url)).render_as_string(hide_password=True)
        state = "has no schema yet" if current is None else f"is at revision {current}"
        raise WarrantorError(
            f"the database at {shown} {state}, not {head}; run `warrantor db upgrade`"
        )

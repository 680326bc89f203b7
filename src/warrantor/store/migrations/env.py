"""Alembic environment: run migrations on the URL or connection ``store.migrate`` hands over.

There is no ``alembic.ini``; ``warrantor.store.migrate`` builds the Config in
code and passes either ``config.attributes["connection"]`` (an open
connection, e.g. a test's) or ``config.attributes["url"]``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import is_product_object
from warrantor.store.schema import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=is_product_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate the connection handed over, or a fresh engine on the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_db_engine(config.attributes["url"])
    try:
        with engine.connect() as new_connection:
            _run(new_connection)
            new_connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError(
        "offline (SQL script) migrations are not supported; run `warrantor db upgrade`"
    )
run_migrations_online()

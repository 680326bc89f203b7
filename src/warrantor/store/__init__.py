"""The store: SQLAlchemy Core tables, repositories, Alembic migrations, bulk paths.

Nothing here runs at import time: engines come from ``store.engine.create_db_engine``,
schemas from ``store.migrate.upgrade``.
"""

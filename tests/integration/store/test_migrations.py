"""The shipped migrations build the schema the code expects, on both engines."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import current_revision, head_revision, is_product_object, upgrade
from warrantor.store.schema import metadata


def test_upgrade_builds_every_table_on_an_empty_database(empty_database_url: str) -> None:
    assert current_revision(empty_database_url) is None

    upgrade(empty_database_url)

    engine = create_db_engine(empty_database_url)
    try:
        names = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {
        "brands",
        "product_lines",
        "models",
        "accounts",
        "units",
        "unit_findings",
        "usage_readings",
    } <= names
    assert current_revision(empty_database_url) == head_revision()


def test_migrated_schema_matches_the_tables_the_code_uses(empty_database_url: str) -> None:
    upgrade(empty_database_url)

    engine = create_db_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": is_product_object}
            )
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_upgrading_twice_changes_nothing(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    upgrade(empty_database_url)

    assert current_revision(empty_database_url) == head_revision()

"""How many bytes of PostgreSQL one unit of the installed base costs (issue #22, for
docs/scaling.md): import N generated units (bench_import's generator) into a new database
and divide each table's size, with its indexes and TOAST, by N.

    .venv/bin/python bench/bench_unit_size.py [N]     (default 100000)

Needs WARRANTOR_TEST_POSTGRES_URL (an admin URL); the database is dropped afterwards.
Prints a Markdown table: table, bytes per unit, and the total.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from bench_import import drop_database, fresh_database, generate, prepare
from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.uow import uow_factory_for
from warrantor.settings import Settings
from warrantor.store.engine import create_db_engine

SIZES = text(
    """
    SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r'
    ORDER BY bytes DESC
    """
)


def main(units: int) -> None:
    admin = os.environ.get("WARRANTOR_TEST_POSTGRES_URL")
    if not admin:
        sys.exit("set WARRANTOR_TEST_POSTGRES_URL (an admin URL of a PostgreSQL server)")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        url = fresh_database("postgresql", admin, work)
        try:
            prepare(url)
            empty = _sizes(url)
            generate(work / "units.csv", units)
            engine = create_db_engine(url)
            started = time.perf_counter()
            with (work / "units.csv").open("rb") as stream:
                import_units(
                    uow_factory_for(engine),
                    stream,
                    PolicyBook.from_dir(Settings().policies_dir),
                    now=datetime.now(UTC),
                )
            seconds = time.perf_counter() - started
            engine.dispose()
            with create_engine(url, isolation_level="AUTOCOMMIT").connect() as connection:
                connection.execute(text("VACUUM ANALYZE"))
            grown = {
                name: size - empty.get(name, 0)
                for name, size in _sizes(url).items()
                if size - empty.get(name, 0) > 0
            }
        finally:
            drop_database(url, admin)
    print(f"{units:,} units imported in {seconds:.1f} s\n")
    print("| table | bytes per unit |\n| --- | ---: |")
    for name, size in sorted(grown.items(), key=lambda item: -item[1]):
        print(f"| `{name}` | {size / units:,.0f} |")
    print(f"| **total** | **{sum(grown.values()) / units:,.0f}** |")


def _sizes(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {row.name: int(row.bytes) for row in connection.execute(SIZES)}
    finally:
        engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

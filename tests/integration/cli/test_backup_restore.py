"""Backup and restore (issue #20, item 4), as the README tells it: ``pg_dump`` a populated
database, ``pg_restore`` it into a new one, and there check a unit, verify a certificate
and open an RMA. PostgreSQL only (SQLite's backup is a copy of one file)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from warrantor.cli.main import app
from warrantor.store.engine import create_db_engine

PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOW_TO_PROVIDE = "apt-get install postgresql-client-15 (pg_dump and pg_restore)"
SECRET = "backup-test-master-secret-0123456789abcdef"


@pytest.fixture
def pg_tools(require_part: object) -> Path:
    missing = [tool for tool in ("pg_dump", "pg_restore") if not (PG_BIN / tool).exists()]
    problem = f"{', '.join(missing)} not in {PG_BIN}" if missing else None
    require_part("pg_dump", HOW_TO_PROVIDE, problem)  # type: ignore[operator]
    return PG_BIN


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def runner(url: str, data_dir: Path) -> CliRunner:
    return CliRunner(
        env={
            "WARRANTOR_DATABASE_URL": url,
            "WARRANTOR_DATA_DIR": str(data_dir),
            "WARRANTOR_KEYS_MASTER_SECRET": SECRET,
        }
    )


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.postgres
def test_a_dumped_database_restored_into_a_new_one_checks_verifies_and_opens_an_rma(
    new_postgres_database: Callable[[], str], pg_tools: Path, tmp_path: Path
) -> None:
    populated_url, restored_url = new_postgres_database(), new_postgres_database()
    data_dir = tmp_path / "data"
    original = runner(populated_url, data_dir)
    ok(original.invoke(app, ["db", "upgrade"]))
    ok(original.invoke(app, ["demo", "--if-empty"]))
    engine = create_db_engine(populated_url)
    try:
        with engine.connect() as connection:
            number, brand, serial = connection.execute(
                text("SELECT number, brand, serial FROM certificates ORDER BY id LIMIT 1")
            ).one()
    finally:
        engine.dispose()
    certificate_file = tmp_path / "certificate.json"
    ok(original.invoke(app, ["certificate", "export", number, "--json", str(certificate_file)]))
    dump = tmp_path / "warrantor.dump"

    subprocess.run(
        [pg_tools / "pg_dump", "--format=custom", f"--file={dump}", libpq(populated_url)],
        check=True,
    )
    subprocess.run(
        [
            pg_tools / "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={libpq(restored_url)}",
            dump,
        ],
        check=True,
    )
    shutil.rmtree(data_dir / "keys", ignore_errors=True)  # the restore must not need old files
    restored = runner(restored_url, data_dir)

    coverage = json.loads(ok(restored.invoke(app, ["check", "--brand", brand, serial, "--json"])))
    verified = ok(restored.invoke(app, ["certificate", "verify", str(certificate_file)]))
    opened = ok(
        restored.invoke(
            app,
            [
                "rma",
                "open",
                serial,
                "--brand",
                brand,
                "--symptom",
                "does not power on",
                "--name",
                "Ann Smith",
                "--email",
                "ann@example.com",
                "--backup-acknowledged",
                "--proof",
                "INV-RESTORE-1",
                "--json",
            ],
        )
    )

    assert coverage["serial"] == serial
    assert verified.splitlines()[0] == f"VALID: certificate {number}", verified
    assert json.loads(opened)["state"] == "requested"

"""The embedded SQLite database holds password hashes and sessions: its file, and the WAL
and shared-memory files beside it, are created readable and writable by their owner only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from warrantor.bootstrap import build_runtime
from warrantor.settings import Settings
from warrantor.store.migrate import upgrade


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most systems have (022), which would leave a new file readable by all."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_wal_are_created_for_their_owner_only(
    tmp_path: Path, usual_umask: None
) -> None:
    database = tmp_path / "data" / "warrantor.sqlite3"
    settings = Settings(data_dir=tmp_path / "data")

    runtime = build_runtime(settings)
    upgrade(settings.effective_database_url)
    with runtime.uow_factory() as uow:  # a write, with the connection still open: WAL in use
        uow.accounts.id_of("nobody")
        wal, shm = Path(f"{database}-wal"), Path(f"{database}-shm")
        assert wal.exists() and shm.exists()
        assert (mode(database), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)


def test_an_existing_database_file_keeps_the_mode_its_owner_gave_it(
    tmp_path: Path, usual_umask: None
) -> None:
    database = tmp_path / "kept.sqlite3"
    database.touch(mode=0o640)

    upgrade(f"sqlite:///{database}")

    assert mode(database) == 0o640

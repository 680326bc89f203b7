"""The policies in force are in the trail: each version's file hash, written once per change."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from audit_support import ADMIN

from warrantor.policy.book import PolicyBook
from warrantor.services.audit.policies import record_policies_in_force
from warrantor.services.uow import UnitOfWorkFactory

POLICIES = Path(__file__).resolve().parents[3] / "policies"
STARTED = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
RESTARTED = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped policies that a test may edit."""
    return Path(shutil.copytree(POLICIES, tmp_path / "policies"))


def start(uow_factory: UnitOfWorkFactory, folder: Path, now: datetime) -> int:
    return record_policies_in_force(uow_factory, PolicyBook.from_dir(folder), ADMIN, now)


def test_the_first_start_records_each_policy_version_with_its_file_hash(
    uow_factory: UnitOfWorkFactory, folder: Path, trail: Any
) -> None:
    written = start(uow_factory, folder, STARTED)

    rows = trail(subject_kind="policy")
    book = PolicyBook.from_dir(folder)
    assert written == len(book.policies()) == len(rows)
    qnap = next(row for row in rows if row.after["brand"] == "QNAP")
    assert qnap.action == "policy.loaded"
    assert qnap.before is None
    latest = book.versions("QNAP")[-1]
    assert qnap.subject_id == f"{latest.id}@{latest.version}"
    assert qnap.after["file"] == "qnap.toml"
    assert len(qnap.after["sha256"]) == 64


def test_starting_again_with_the_same_files_writes_nothing(
    uow_factory: UnitOfWorkFactory, folder: Path, trail: Any
) -> None:
    start(uow_factory, folder, STARTED)

    assert start(uow_factory, folder, RESTARTED) == 0
    assert start(uow_factory, folder, RESTARTED) == 0
    assert all(row.recorded_at == STARTED for row in trail(subject_kind="policy"))


def test_a_changed_file_is_recorded_with_the_hash_before_and_after(
    uow_factory: UnitOfWorkFactory, folder: Path, trail: Any
) -> None:
    start(uow_factory, folder, STARTED)
    qnap = folder / "qnap.toml"
    qnap.write_text(qnap.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")

    assert start(uow_factory, folder, RESTARTED) == 1

    (row,) = [row for row in trail(subject_kind="policy") if row.recorded_at == RESTARTED]
    assert row.action == "policy.loaded"
    assert row.before["file"] == row.after["file"] == "qnap.toml"
    assert row.before["sha256"] != row.after["sha256"]


def test_a_policy_no_longer_loaded_is_recorded_as_withdrawn_once(
    uow_factory: UnitOfWorkFactory, folder: Path, trail: Any
) -> None:
    start(uow_factory, folder, STARTED)
    (folder / "crucial.toml").unlink()

    assert start(uow_factory, folder, RESTARTED) == 1
    assert start(uow_factory, folder, RESTARTED) == 0

    (row,) = trail(subject_kind="policy", action="policy.withdrawn")
    assert row.before["file"] == "crucial.toml"
    assert row.after is None

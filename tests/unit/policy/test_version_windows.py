"""A stored projection is behind exactly when another policy version is in force for its
unit's start day: ``VersionWindows`` agrees with ``PolicyBook.version_for`` on every day."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.coverage_projection import VersionWindows
from warrantor.store.coverage_projection import COLUMNS, ProjectionRow

POLICIES = Path(__file__).resolve().parents[3] / "policies"


@pytest.fixture(scope="module")
def three_versions(tmp_path_factory: pytest.TempPathFactory) -> PolicyBook:
    """QNAP 2015.1 (in force from 2015), 2020.1 (from 2020) and 2024.1 (from 2024)."""
    folder = tmp_path_factory.mktemp("policies")
    shutil.copytree(POLICIES, folder, dirs_exist_ok=True)
    text = (folder / "qnap.toml").read_text(encoding="utf-8")
    for year in (2020, 2024):
        changed = text.replace('version = "2015.1"', f'version = "{year}.1"', 1)
        changed = changed.replace("effective_from = 2015-01-01", f"effective_from = {year}-01-01")
        (folder / f"qnap-{year}.toml").write_text(changed, encoding="utf-8")
    return PolicyBook.from_dir(folder)


@settings(max_examples=200, deadline=None)
@given(day=st.none() | st.dates(date(2010, 1, 1), date(2030, 12, 31)))
def test_only_the_version_in_force_for_the_start_day_is_current(
    three_versions: PolicyBook, day: date | None
) -> None:
    windows = VersionWindows(three_versions)
    in_force = three_versions.version_for("QNAP", day)

    for policy in three_versions.versions("QNAP"):
        behind = windows.behind("QNAP", day, policy.id, policy.version)
        assert behind is (policy.version != in_force.version), (day, policy.version)


def test_a_version_or_brand_the_book_no_longer_has_is_behind(three_versions: PolicyBook) -> None:
    windows = VersionWindows(three_versions)
    assert windows.behind("QNAP", date(2021, 1, 1), "qnap", "2019.9")
    assert windows.behind("Gone", date(2021, 1, 1), "gone", "1")


def test_the_row_record_lists_the_tables_columns_in_order() -> None:
    """The import's COPY and the batch's positional read rely on it."""
    assert ProjectionRow._fields == COLUMNS

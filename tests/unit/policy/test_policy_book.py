"""The book: every brand's versions; a unit is judged by the version in force on its start."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from policy_samples import BASE

from warrantor.domain.units import Unit
from warrantor.errors import NotFound
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import Outcome
from warrantor.policy.errors import PolicyError
from warrantor.policy.facts import Facts

V2 = (
    BASE.replace('version = "1"', 'version = "2"')
    .replace("effective_from = 2020-01-01", "effective_from = 2022-01-01")
    .replace("standard_years = 2", "standard_years = 3")
    .replace("years = 4", "years = 5")
)


def _unit(bought: date) -> Unit:
    return Unit(brand="acme", serial="S", model="W-100", purchased_on=bought, proof_of_purchase="R")


def test_a_unit_is_judged_by_the_version_in_force_on_its_start(
    write_policy, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    write_policy(BASE, name="acme-1.toml")
    write_policy(V2, name="acme-2.toml")
    book = PolicyBook.from_dir(tmp_path)
    old = book.evaluate(Facts(unit=_unit(date(2021, 6, 1)), on=date(2023, 7, 1)))
    new = book.evaluate(Facts(unit=_unit(date(2022, 6, 1)), on=date(2025, 5, 31)))
    assert (old.policy_version, old.outcome) == ("1", Outcome.NOT_COVERED)
    assert (new.policy_version, new.outcome) == ("2", Outcome.COVERED)


def test_version_for_picks_by_effective_date(write_policy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_policy(BASE, name="acme-1.toml")
    write_policy(V2, name="acme-2.toml")
    book = PolicyBook.from_dir(tmp_path)
    assert book.brands() == ["Acme"]
    assert book.version_for("Acme", None).version == "2"
    assert book.version_for("acme", date(2021, 12, 31)).version == "1"
    assert book.version_for("ACME", date(2022, 1, 1)).version == "2"
    assert book.version_for("Acme", date(2010, 1, 1)).version == "1"


def test_two_versions_from_the_same_day_are_refused(write_policy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_policy(BASE, name="acme-1.toml")
    write_policy(BASE.replace('version = "1"', 'version = "1b"'), name="acme-2.toml")
    with pytest.raises(PolicyError) as raised:
        PolicyBook.from_dir(tmp_path)
    assert raised.value.key == "effective_from"


def test_an_unknown_brand_is_not_found(write_policy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_policy()
    with pytest.raises(NotFound):
        PolicyBook.from_dir(tmp_path).version_for("Zeta", None)

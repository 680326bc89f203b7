"""What the workshop asks a brand's policy: vocabularies, usage limits, owners, repair cover."""

from __future__ import annotations

from policy_samples import shipped

from warrantor.domain.units import Unit
from warrantor.policy.workshop_policy import (
    claimable_parts,
    has_usage_limit,
    inspection_finding,
    repair_cover_months,
    replaced_parts_owner,
    usage_limit_bytes,
)

QNAP = shipped("qnap")
NETAC = shipped("netac")


def test_the_vocabularies_know_a_voiding_finding_and_a_claimable_part() -> None:
    label = inspection_finding(QNAP, "label_altered")
    assert label is not None and label.voids_unit
    assert inspection_finding(QNAP, "coffee_spilled") is None
    assert ("fan", "a fan") in claimable_parts(QNAP)


def test_an_ssd_has_a_usage_limit_and_a_nas_has_none() -> None:
    ssd = Unit(brand="Netac", serial="N1", model="NV7000 2TB")
    nas = Unit(brand="QNAP", serial="Q1", model="TS-453 Pro")
    assert has_usage_limit(NETAC, ssd) and usage_limit_bytes(NETAC, ssd) == 1_200 * 10**12
    assert not has_usage_limit(QNAP, nas) and usage_limit_bytes(QNAP, nas) is None


def test_removed_parts_go_to_the_maker_and_a_repair_is_covered_three_months_at_least() -> None:
    assert replaced_parts_owner(QNAP) == "maker"
    assert replaced_parts_owner(NETAC) == "maker"  # silent: the workshop keeps them for the maker
    assert repair_cover_months(QNAP) == 3
    assert repair_cover_months(NETAC) is None

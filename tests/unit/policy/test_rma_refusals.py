"""The desk's refusals are small decisions of the brand's policy, naming what decided them."""

from __future__ import annotations

from datetime import date

from policy_samples import shipped

from warrantor.policy.rma_refusals import (
    ReplacedBy,
    backup_acknowledgement,
    opening_on_replaced_unit,
    parcel_disposal,
    parcel_return,
    parcel_without_rma,
    unit_replacement,
)

QNAP = shipped("qnap")
NETAC = shipped("netac")


def test_a_request_without_the_backup_acknowledgement_is_refused_by_the_backup_clauses() -> None:
    refused = backup_acknowledgement(QNAP, acknowledged=False)

    assert not refused.allowed
    assert refused.determining == ("qnap.data-backup", "qnap.data-loss", "qnap.ext.hardware-only")
    assert "qnap.data-backup" in refused.summary
    assert backup_acknowledgement(QNAP, acknowledged=True).allowed


def test_a_replaced_unit_is_refused_by_the_remedy_and_names_its_replacement() -> None:
    refused = opening_on_replaced_unit(QNAP, "Q1", ReplacedBy("Q2", date(2026, 3, 1)))

    assert not refused.allowed
    assert "qnap.remedy.replaced-parts" in refused.determining
    assert "replaced by Q2 on 2026-03-01" in refused.summary
    assert refused.field is None  # the policy's no, not bad input
    assert opening_on_replaced_unit(QNAP, "Q1", None).allowed


def test_a_parcel_without_an_rma_number_is_held_under_the_unauthorized_returns_clause() -> None:
    held = parcel_without_rma(QNAP, "no RMA number on the parcel")

    assert not held.allowed
    assert held.determining == ("qnap.rma.without-number",)
    assert held.summary == "unauthorized return: no RMA number on the parcel; held, not repaired"
    assert parcel_without_rma(NETAC, "no RMA number on the parcel").determining == ()


def test_disposal_only_where_the_policy_reserves_it_and_return_always() -> None:
    assert parcel_disposal(QNAP).allowed
    assert parcel_disposal(QNAP).determining == ("qnap.rma.without-number",)
    refused = parcel_disposal(NETAC)
    assert not refused.allowed and refused.field is None
    assert "no right to dispose" in refused.summary
    assert parcel_return(NETAC).allowed


def test_a_replacement_in_a_condition_the_policy_does_not_name_is_bad_input() -> None:
    assert unit_replacement(QNAP, "reconditioned").allowed
    refused = unit_replacement(QNAP, "used")
    assert (refused.allowed, refused.field) == (False, "condition")
    assert "new or reconditioned" in refused.summary

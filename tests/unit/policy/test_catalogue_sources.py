"""Issue 19, item 6: a catalogue figure carries the address it was published at; a review's or
a shop's figure is labelled third-party in every answer, a demo figure says it is one."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from policy_samples import POLICIES

from warrantor.domain.units import Unit
from warrantor.policy.errors import PolicyError
from warrantor.policy.evaluator import evaluate
from warrantor.policy.facts import Facts
from warrantor.policy.loader import load_policy
from warrantor.policy.model import Policy

DEMO = """demo = true
note = "Demo figures, not Netac's: the page's tables were images and are lost, and no published specification was found (sources/netac-figures-search.md)."
"""  # noqa: E501
"""The NV7000 entry's demo marking in policies/netac.toml, as the tests replace it."""

NV7000 = Unit(
    brand="Netac",
    serial="N1",
    model="NV7000 2TB",
    purchased_on=date(2021, 6, 15),
    proof_of_purchase="INV-N",
)


def netac_with(tmp_path: Path, marking: str) -> Policy:
    """policies/netac.toml with the NV7000 entry's demo marking replaced by ``marking``."""
    text = (POLICIES / "netac.toml").read_text("utf-8")
    nv7000 = text.index('model = "NV7000"')
    at = text.index(DEMO, nv7000)
    shutil.copytree(POLICIES / "sources", tmp_path / "sources")
    path = tmp_path / "netac.toml"
    path.write_text(text[:at] + marking + text[at + len(DEMO) :], encoding="utf-8")
    return load_policy(path)


def notes_on(policy: Policy) -> list[str]:
    return list(evaluate(policy, Facts(unit=NV7000, on=date(2023, 1, 10))).notes)


def test_the_shipped_demo_figure_says_so_in_the_answer() -> None:
    (note,) = notes_on(load_policy(POLICIES / "netac.toml"))
    assert note.startswith("NV7000: Demo figures, not Netac's")


def test_a_figure_that_is_no_demo_needs_its_source_address(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as raised:
        netac_with(tmp_path, "")
    assert "source" in raised.value.message


def test_the_maker_s_figure_with_its_address_carries_no_note(tmp_path: Path) -> None:
    policy = netac_with(tmp_path, 'source = "https://www.netac.com/example-spec.pdf"\n')
    assert notes_on(policy) == []


def test_a_third_party_figure_is_never_called_the_maker_s(tmp_path: Path) -> None:
    marking = 'source = "https://review.example/nv7000"\nsource_kind = "third_party"\n'
    (note,) = notes_on(netac_with(tmp_path, marking))
    assert note == (
        "NV7000: third-party figures (from https://review.example/nv7000), not published by Netac."
    )

"""QNAP series patterns are exclusive and place every real model of FACTS.md correctly;
Netac's catalogue is demo data and says so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warrantor.policy.book import PolicyBook
from warrantor.policy.loader import load_policy

POLICIES = Path(__file__).resolve().parents[2] / "policies"
QNAP = load_policy(POLICIES / "qnap.toml")
NETAC = load_policy(POLICIES / "netac.toml")


def _facts_models() -> list[tuple[str, str]]:
    """(series, model) for every row of FACTS.md's QNAP table."""
    facts = (POLICIES / "sources" / "FACTS.md").read_text("utf-8")
    section = facts.split("| series | models |", 1)[1].split("\n\n", 1)[0]
    pairs = []
    for row in section.splitlines():
        found = re.match(r"^\| (T\S+) \| (.+) \|$", row)
        if found is None:
            continue
        series, models = found.groups()
        for model in models.split(","):
            model = re.sub(r"\s*\(.*\)\s*$", "", model).strip()
            pairs.append((series, model))
    return pairs


MODELS = _facts_models()


def test_facts_md_lists_every_series_of_the_text() -> None:
    assert {s for s, _ in MODELS} == {line.id for line in QNAP.doc.lines}
    assert len(MODELS) == 8 + 11 + 4 + 6 + 8 + 1 + 4 + 2 + 1 + 1  # rows of FACTS.md


@pytest.mark.parametrize(("series", "model"), MODELS, ids=[m for _, m in MODELS])
def test_each_real_model_lands_in_its_series_only(series: str, model: str) -> None:
    assert [line.id for line in QNAP.lines_matching(model)] == [series]


ISSUE_19_NAMES = ["TS-453D", "TS-253D", "TS-453A", "TS-453Be", "TS-453B mini"]
"""Variant letters the former fixed suffix list refused (issue 19): the naming rule places them."""


@pytest.mark.parametrize("model", ISSUE_19_NAMES)
def test_variant_letters_keep_the_series(model: str) -> None:
    assert [line.id for line in QNAP.lines_matching(model)] == ["TS-x53"]


def test_every_named_model_is_a_lint_case_of_its_line() -> None:
    """The lines' examples are what ``policy lint`` checks (matched by their own line only):
    every FACTS.md name and the five of issue 19 are among them, in their series."""
    examples = {(line.id, name) for line in QNAP.doc.lines for name in line.examples}
    wanted = set(MODELS) | {("TS-x53", name) for name in ISSUE_19_NAMES}
    assert wanted <= examples


def test_a_long_name_is_judged_at_once() -> None:
    """The variant part is possessive: a long near-miss cannot make the match backtrack."""
    assert QNAP.lines_matching("TS-453" + " Pro" * 2000 + "!") == []


@pytest.mark.parametrize(
    ("model", "series"),
    [
        ("TVS-EC1580MU-SAS-RP", "TVS-ECx80U-SAS"),
        ("TS-EC879U-RP", "TS-x79"),
        ("TS-EC1280U", "TS-x80"),
        ("TVS-EC1080", "TVS-x80"),
        ("TS-453mini", "TS-x53"),
        ("TS-469L", "TS-x69"),
        ("ts-453 pro", "TS-x53"),
        ("TS-251+-2G", "TS-x51"),
    ],
)
def test_the_tricky_names(model: str, series: str) -> None:
    assert QNAP.line_of(model) is not None
    assert QNAP.line_of(model).id == series  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "model", ["TS-4510", "TS-x79", "TVS-EC1580MU-SAS-RPX", "QNAP", "TS-53", "TS-453 4G", "TS-12345"]
)
def test_names_that_are_no_series(model: str) -> None:
    assert QNAP.lines_matching(model) == []


def test_the_series_table_terms() -> None:
    years = {line.id: line.standard_years for line in QNAP.doc.lines}
    assert years["TVS-ECx80U-SAS"] == 5
    assert {years[s] for s in ("TS-x79", "TS-x80", "TVS-x80")} == {3}
    assert {years[s] for s in ("TS-x51", "TS-x53", "TS-x69", "TS-x70", "TVS-x63", "TVS-x71")} == {2}


def test_product_line_of_through_the_book() -> None:
    book = PolicyBook.from_dir(POLICIES)
    assert book.product_line_of("QNAP", "TS-EC879U-RP") == "TS-x79"
    assert book.product_line_of("qnap", "Nothing-1") is None
    assert book.product_line_of("Netac", "NV7000 2TB") == "netac-nvme"


def test_every_netac_catalogue_figure_is_marked_demo() -> None:
    assert NETAC.doc.catalogue
    for entry in NETAC.doc.catalogue:
        assert entry.demo
        assert "not Netac's" in entry.note
        # issue 19, item 6: searched for and not found; the note says where the searches are
        assert "sources/netac-figures-search.md" in entry.note
    searched = (POLICIES / "sources" / "netac-figures-search.md").read_text("utf-8")
    for entry in NETAC.doc.catalogue:
        assert entry.model in searched


def test_a_netac_model_name_is_model_then_capacity() -> None:
    match = NETAC.catalogue_match("NV7000 2TB")
    assert match is not None
    assert (match.entry.model, match.capacity_bytes) == ("NV7000", 2 * 10**12)
    assert match.tbw_bytes == 1200 * 10**12
    assert NETAC.catalogue_match("nv7000 2 TB") is not None
    assert NETAC.catalogue_match("NV8000 2TB") is None

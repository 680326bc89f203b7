"""Every clause quotes its source verbatim, and every rule sentence of a source is cited.

Only whitespace and bullet characters are normalised. The sentences that are
not rules are listed here, reviewed by hand: headings, marketing lines, page
chrome. Any other sentence of a source must be found in some clause.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from warrantor.policy.loader import load_policy
from warrantor.policy.text import normalize, sentences

POLICIES = Path(__file__).resolve().parents[2] / "policies"

NOT_RULES = {
    "qnap.toml": {
        # title, marketing and headings
        "Extended Warranty: How To Extend Your Qnap Warranty 3 More Years?",
        "This is a simple and powerful statement that QNAP products are built to last.",
        "If the standard warranty is not long enough, QNAP Extended Warranty Service coverage"
        " offers our customers worry free protection well into the future.",
        "Our warranty process is as simple as 1-2-3; it just makes sense to be well protected.",
        "QNAP Extended Warranty Service Benefits:",
        "Standard Warranty Optional Extended Warranty",
        "Extended Warranty Service Coverage",
        "Service Policy",
        "QNAP Repair Service",
        "Extended Warranty Terms & Conditions",
        # page chrome: a link, the rating widget, the comment form
        "To purchase a QNAP Extended Warranty Service, please click Purchase QNAP Extended"
        " Warranty Service..",
        "VN:F [1.9.22_1171]",
        "Rating: 10.0/10 (3 votes cast)",
        "Rating: +1 (from 1 vote)",
        "Extended Warranty: How To Extend Your Qnap Warranty 3 More Years?Garanti Uzatma: Qnap"
        " NAS Cihazınızın Garantisini 3 Sene Daha Nasıl Uzatabilirsiniz?, 10.0 out of 10 based"
        " on 3 ratings",
        "Leave a Reply",
        "Your email address will not be published.",
        "Required fields are marked *",
        'You may use these HTML tags and attributes: <a href="" title=""> <abbr title="">'
        ' <acronym title=""> <b> <blockquote cite=""> <cite> <code> <del datetime=""> <em>'
        ' <i> <q cite=""> <strike> <strong>',
    },
    "netac.toml": {
        "The current position:Home > About > Customer service > Warranty Policy",
        "Warranty Policy",
        "Warranty Terms",
        "Definition of Warranty Period",
    },
    "crucial.toml": {
        "Crucial MX500: the published facts this project's demo policy encodes.",
        "This is not Crucial's warranty text.",
        "It quotes, verbatim, the row of policies/sources/FACTS.md that gives the MX500's"
        " years and TBW by capacity, and the wording FACTS.md quotes for such a limit.",
    },
}


@pytest.mark.parametrize("file", sorted(NOT_RULES))
def test_every_clause_is_quoted_verbatim(file: str) -> None:
    policy = load_policy(POLICIES / file)
    for clause in policy.doc.clauses:
        source = (POLICIES / (clause.source or policy.doc.policy.source)).read_text("utf-8")
        assert normalize(clause.text) in normalize(source), clause.id


@pytest.mark.parametrize("file", sorted(NOT_RULES))
def test_every_rule_sentence_of_the_source_is_cited(file: str) -> None:
    policy = load_policy(POLICIES / file)
    source = (POLICIES / policy.doc.policy.source).read_text("utf-8")
    quoted = [normalize(c.text) for c in policy.doc.clauses]
    uncited = [
        s for s in sentences(source) if s not in NOT_RULES[file] and not any(s in q for q in quoted)
    ]
    assert uncited == []


@pytest.mark.parametrize("file", sorted(NOT_RULES))
def test_the_not_rules_list_holds_only_sentences_of_the_source(file: str) -> None:
    policy = load_policy(POLICIES / file)
    source = sentences((POLICIES / policy.doc.policy.source).read_text("utf-8"))
    assert NOT_RULES[file] <= set(source)


def test_inferred_clauses_say_why() -> None:
    for file in NOT_RULES:
        for clause in load_policy(POLICIES / file).doc.clauses:
            assert clause.inferred is None or len(clause.inferred) > 20, clause.id


def test_netac_s_lost_tables_are_marked_inferred() -> None:
    policy = load_policy(POLICIES / "netac.toml")
    assert policy.clause("netac.tbw-table").inferred
    assert policy.clause("netac.period-table").inferred


def test_qnap_s_three_month_minimum_cites_facts_md() -> None:
    clause = load_policy(POLICIES / "qnap.toml").clause("qnap.kb348")
    assert clause.source == "sources/FACTS.md"
    assert "3 months" in clause.text


def test_the_sentence_splitter_keeps_abbreviations_whole() -> None:
    text = "It does not cover e.g. network cable. Netac Co., Ltd. or others. Next one."
    assert sentences(text) == [
        "It does not cover e.g. network cable.",
        "Netac Co., Ltd. or others.",
        "Next one.",
    ]

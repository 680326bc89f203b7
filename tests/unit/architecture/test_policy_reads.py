"""Use cases and pages ask the policy engine; they never read a policy document themselves.

What a policy says about a step is answered in ``policy/`` (``rma_desk``,
``rma_refusals``, ``workshop_policy``, ``extension_terms``, the book); a
service or a page that reads the document (``.doc``), picks rules out of it
(``.rule(...)``, ``.rules(...)``), looks things up in it (``.finding(...)``,
``.line_of(...)`` ...) or imports its schema fails here, naming the line.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src" / "warrantor"
CHECKED = ("services", "web")

DOCUMENT_LOOKUPS = frozenset(
    {
        "rule",
        "rules",
        "finding",
        "line",
        "line_of",
        "lines_matching",
        "catalogue_match",
        "catalogue_names",
        "component_ids",
        "region_of",
        "region_clauses",
        "clause",
    }
)
"""``Policy`` methods that read its document: for ``policy/`` modules only."""

INTERNAL_MODULES = (
    "warrantor.policy.schema",
    "warrantor.policy.schema_fields",
    "warrantor.policy.schema_vocabulary",
    "warrantor.policy.schema_rules",
    "warrantor.policy.schema_cases",
    "warrantor.policy.evaluator_terms",
    "warrantor.policy.judgement",
    "warrantor.policy.coverage_steps",
    "warrantor.policy.claim_steps",
)
"""The document's shape and the evaluator's insides: not for use cases or pages."""


def _reads(path: Path, root: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute) and node.attr == "doc":
            found.append(f"{where} reads .doc")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in DOCUMENT_LOOKUPS
        ):
            found.append(f"{where} calls .{node.func.attr}(...)")
        elif isinstance(node, ast.ImportFrom) and node.module in INTERNAL_MODULES:
            found.append(f"{where} imports {node.module}")
    return sorted(found)


def _modules() -> list[Path]:
    return sorted(p for folder in CHECKED for p in (SRC / folder).rglob("*.py"))


def test_no_service_or_page_reads_a_policy_document_or_its_rules() -> None:
    reads = [read for path in _modules() for read in _reads(path)]
    assert reads == [], "ask a policy/ module instead:\n" + "\n".join(reads)


def test_the_check_sees_each_kind_of_direct_read(tmp_path: Path) -> None:
    probe = tmp_path / "services" / "probe.py"
    probe.parent.mkdir()
    probe.write_text(
        "from warrantor.policy.schema_rules import RemedyRule\n"
        "def owner(policy):\n"
        "    return policy.rule(RemedyRule), policy.doc.findings\n"
    )

    assert _reads(probe, tmp_path) == [
        "services/probe.py:1 imports warrantor.policy.schema_rules",
        "services/probe.py:3 calls .rule(...)",
        "services/probe.py:3 reads .doc",
    ]

"""Issue 19, item 5: the policy's extension_quote rule shapes the distributor's quote: with the
rule, a quote is priced; a brand whose policy has none sells no extension by quote. Both
engines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sales_world import DIST, NOW, build

from warrantor.errors import Refused
from warrantor.policy.book import PolicyBook
from warrantor.services.sales.quotes import request_quote
from warrantor.services.uow import UnitOfWorkFactory

POLICIES = Path(__file__).resolve().parents[3] / "policies"
RULE = """[[rules]]
kind = "extension_quote"
distributor_sends = ["model", "quantity", "extension_years"]
proof_after = "payment_authorized"
clauses = ["qnap.ext.quote-request", "qnap.ext.quote-reply", "qnap.ext.proof-after-payment"]
"""


def ask(uow_factory: UnitOfWorkFactory, book: PolicyBook) -> object:
    return request_quote(
        uow_factory, book, DIST, brand="QNAP", model="TS-453 Pro", quantity=2, years=1, now=NOW
    )


def test_with_the_rule_a_quote_is_priced(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    world = build(uow_factory, policy_book)
    assert ask(world.uow_factory, world.book).quantity == 2  # type: ignore[attr-defined]


def test_without_the_rule_no_extension_is_sold_by_quote(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, tmp_path: Path
) -> None:
    world = build(uow_factory, policy_book)
    text = (POLICIES / "qnap.toml").read_text("utf-8")
    assert text.count(RULE) == 1
    shutil.copytree(POLICIES / "sources", tmp_path / "sources")
    # the clauses stay quoted; the desk case that expects them goes with the rule
    desk_case = text[text.index("[[desk_cases]]\nname = \"a distributor's quote request") :]
    (tmp_path / "qnap.toml").write_text(
        text.replace(RULE, "").replace(desk_case, ""), encoding="utf-8"
    )
    edited = PolicyBook.from_dir(tmp_path)
    with pytest.raises(Refused, match="sells no extensions by a distributor's quote"):
        ask(world.uow_factory, edited)

"""The models the demo makes units of, read from the policies in force.

Each product line's ``examples`` and the catalogue names the policy places in
that line, with the term the policy gives them, their TBW and a weight (small
capacities sell more, rackmount units less). Nothing is hard-wired to a
policy's figures: a new policy's lines get units as soon as they name models.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.policy.book import PolicyBook
from warrantor.policy.model import Policy
from warrantor.policy.schema_rules import ExtensionOfferRule, PurchaseWindowRule


@dataclass(frozen=True)
class DemoModel:
    """One model of a brand's product line that demo units are made of."""

    brand: str
    name: str
    line: str
    years: int
    """The standard term the policy gives it (line or catalogue)."""
    tbw_bytes: int | None
    weight: float
    extension_window: int | None
    """Days of the extension purchase window, when the line's extensions may be sold."""


def _capacity_weight(tbw_name: str) -> float:
    upper = tbw_name.upper()
    if "TB" in upper:
        number = float("".join(c for c in upper if c.isdigit() or c == ".") or 1)
        return 3.0 if number <= 1 else 2.0 if number <= 2 else 1.0
    return 3.0


def models_of(book: PolicyBook, policy: Policy) -> tuple[dict[str, list[DemoModel]], list[str]]:
    """Each line's models (examples, then catalogue names the policy places there).

    Also the ``Brand line`` pairs that got no model (the policy names none for them).
    """
    window_rule = policy.rule(PurchaseWindowRule)
    offered = {line for rule in policy.rules(ExtensionOfferRule) for line in rule.lines}
    by_line: dict[str, list[DemoModel]] = {}
    empty: list[str] = []
    for line in policy.doc.lines:
        names = list(line.examples)
        for entry in policy.doc.catalogue:
            if entry.line == line.id:
                names.extend(policy.catalogue_names(entry))
        models: list[DemoModel] = []
        for name in dict.fromkeys(" ".join(n.split()) for n in names):
            if book.product_line_of(policy.brand, name) != line.id:
                continue  # the lint reports it; the import would refuse it
            match = policy.catalogue_match(name)
            years = match.entry.years if match else line.standard_years
            if years is None:
                continue
            weight = 1.0
            if match is not None and match.capacity is not None:
                weight = _capacity_weight(match.capacity)
            elif "EC" in name.upper() or "U-" in name.upper() or name.upper().endswith("U"):
                weight = 0.4  # rackmount and enterprise units sell less
            models.append(
                DemoModel(
                    brand=policy.brand,
                    name=name,
                    line=line.id,
                    years=years,
                    tbw_bytes=match.tbw_bytes if match else None,
                    weight=weight,
                    extension_window=(
                        window_rule.days if window_rule and line.id in offered else None
                    ),
                )
            )
        if models:
            by_line[line.id] = models
        else:
            empty.append(f"{policy.brand} {line.id}")
    return by_line, empty

"""The policies in force: every brand's policy versions, loaded from a folder.

INTERFACE STUB, to be filled by the policy engine work. The signatures below are
what the rest of the code calls; keep them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warrantor.policy.decision import Decision
    from warrantor.policy.facts import Facts


class PolicyBook:
    """All loaded policies, by brand and effective date."""

    @classmethod
    def from_dir(cls, folder: Path) -> PolicyBook:
        """Load every ``*.toml`` in ``folder``; a bad file raises ``PolicyError`` naming it."""
        raise NotImplementedError

    def brands(self) -> list[str]:
        """Brand names, as written in the policies (e.g. ``QNAP``, ``Netac``)."""
        raise NotImplementedError

    def product_line_of(self, brand: str, model: str) -> str | None:
        """The product line id the brand's current policy places ``model`` in, or ``None``."""
        raise NotImplementedError

    def evaluate(self, facts: Facts) -> Decision:
        """Judge ``facts`` by the brand's policy version in force on the coverage start date."""
        raise NotImplementedError

    def version_for(self, brand: str, start: date | None) -> object:
        """The policy version in force on ``start`` (the latest when ``start`` is None)."""
        raise NotImplementedError

"""What a policy's ``extension_quote`` rule says about a distributor's quote (issue 19).

QNAP: "the distributor should inform QNAP of the product model, quantity and
the extended warranty period to purchase ... QNAP will provide the proof of
purchase after authorizing the payment." The quote service asks here whether
the brand sells extensions by quote at all, what a request must carry, and
when the proof (the certificates) is issued. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.policy.model import Policy
from warrantor.policy.schema_rules import ExtensionQuoteRule


@dataclass(frozen=True, slots=True)
class QuoteTerms:
    """How a distributor buys extensions by quote under a policy."""

    distributor_sends: tuple[str, ...]
    """What the request carries: ``model``, ``quantity``, ``extension_years``."""
    proof_after: str
    """When the proof of purchase (each certificate) is issued: ``payment_authorized``."""
    clause_ids: tuple[str, ...]


def quote_terms(policy: Policy) -> QuoteTerms | None:
    """The policy's quote terms; ``None`` when it sells no extensions by quote."""
    rule = policy.rule(ExtensionQuoteRule)
    if rule is None:
        return None
    return QuoteTerms(tuple(rule.distributor_sends), rule.proof_after, tuple(rule.clauses))

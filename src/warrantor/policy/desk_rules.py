"""What a policy's charges, claim documents and service channel say to the desk (issue 19).

Three rule kinds the policies quote: ``charges`` (who pays parts and labour,
whether remote troubleshooting is free), ``claim_documents`` (what a claim
needs) and ``service_channel`` (where a customer asks first). Each reader
answers one desk question with the clause ids it rests on, or says the
policy is silent (no clauses). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.policy.model import Policy
from warrantor.policy.schema_rules import ChargesRule, ClaimDocumentsRule, ServiceChannelRule


@dataclass(frozen=True, slots=True)
class Charges:
    """What a repair costs the customer: ``quote`` is True when they must accept a price
    first; ``free`` names what the maker bears (``parts``, ``labour``,
    ``remote_troubleshooting``)."""

    quote: bool
    free: tuple[str, ...]
    clause_ids: tuple[str, ...] = ()

    @property
    def charged(self) -> tuple[str, ...]:
        """What of a repair the customer pays: ``parts`` and ``labour`` not left free."""
        return tuple(name for name in ("parts", "labour") if name not in self.free)


def charges(policy: Policy, covered: bool) -> Charges:
    """A covered repair is free where the policy puts parts and labour on the maker; anything
    else is quoted first. Remote troubleshooting is free where the policy says so, covered
    or not."""
    rule = policy.rule(ChargesRule)
    if rule is None:
        return Charges(quote=not covered, free=())
    remote = ("remote_troubleshooting",) if rule.remote_troubleshooting else ()
    if not covered:
        return Charges(quote=True, free=remote, clause_ids=tuple(rule.clauses))
    on_maker = tuple(
        name for name, payer in (("parts", rule.parts), ("labour", rule.labour)) if payer == "maker"
    )
    quote = len(on_maker) < 2
    return Charges(quote=quote, free=(*on_maker, *remote), clause_ids=tuple(rule.clauses))


@dataclass(frozen=True, slots=True)
class ClaimDocuments:
    """What an RMA asks for before its documents are validated."""

    requires: tuple[str, ...]
    clause_ids: tuple[str, ...] = ()


def claim_documents(policy: Policy) -> ClaimDocuments:
    """The documents the policy says a claim needs; none where it is silent."""
    rule = policy.rule(ClaimDocumentsRule)
    if rule is None:
        return ClaimDocuments(())
    return ClaimDocuments(tuple(rule.requires), tuple(rule.clauses))


@dataclass(frozen=True, slots=True)
class FirstContact:
    """Whether troubleshooting with technical support comes before an RMA, and where the
    customer asks for service (``channels``)."""

    troubleshooting_first: bool
    channels: tuple[str, ...]
    clause_ids: tuple[str, ...] = ()


def first_contact(policy: Policy) -> FirstContact:
    """Troubleshooting is the first step where the policy names technical support as the first
    contact (QNAP); elsewhere the customer goes straight to a service channel (Netac: the
    point of purchase or an authorized dealer)."""
    rule = policy.rule(ServiceChannelRule)
    if rule is None:
        return FirstContact(False, ())
    first = rule.first_contact == "technical_support"
    return FirstContact(first, tuple(rule.channels), tuple(rule.clauses))

"""What an audit row holds before and after, per kind of object: the facts that matter.

One function per kind, so every service that records a change of that kind
writes the same shape (and the import's SQL writes the shape of ``unit_facts``).
Personal values are wrapped in ``Personal``: the store keeps them apart.
"""

from __future__ import annotations

from warrantor.domain.audit import UNIT_FACTS, AuditValue, Personal, PersonalKind
from warrantor.domain.sales import PriceList
from warrantor.domain.units import Unit
from warrantor.store.users import ApiToken, User


def unit_facts(unit: Unit) -> dict[str, AuditValue]:
    """A unit's facts as ``UNIT_FACTS`` names them; the proof of purchase is free text."""
    proof = unit.proof_of_purchase
    facts: dict[str, AuditValue] = {
        "model": unit.model,
        "manufactured_on": unit.manufactured_on,
        "first_invoiced_on": unit.first_invoiced_on,
        "first_invoiced_to": unit.first_invoiced_to,
        "purchased_on": unit.purchased_on,
        "proof_of_purchase": Personal(proof, account=unit.owner) if proof else None,
        "country_of_purchase": unit.country_of_purchase,
        "owner": unit.owner,
        "channel": unit.channel,
    }
    return {name: facts[name] for name in UNIT_FACTS}


def price_facts(price: PriceList) -> dict[str, AuditValue]:
    """A price list: what it prices, how much (minor units), when, and its note (free text)."""
    return {
        "brand": price.brand,
        "product_line": price.product_line,
        "years": price.years,
        "amount_minor": price.price.minor,
        "currency": price.price.currency,
        "valid_from": price.valid_from,
        "valid_until": price.valid_until,
        "retired": price.retired,
        "note": Personal(price.note) if price.note else None,
    }


def user_facts(user: User, *, with_identity: bool = False) -> dict[str, AuditValue]:
    """A user's role, account and state; with their e-mail and name (personal) when asked."""
    facts: dict[str, AuditValue] = {
        "role": user.role,
        "account": user.account_code,
        "active": user.active,
    }
    if with_identity:
        facts["email"] = Personal(user.email, PersonalKind.EMAIL, user.account_code)
        facts["name"] = Personal(user.name, PersonalKind.NAME, user.account_code)
    return facts


def token_facts(token: ApiToken) -> dict[str, AuditValue]:
    """A token's owner, visible prefix, expiry and state; its name is free text."""
    return {
        "user_id": token.user_id,
        "prefix": token.prefix,
        "name": Personal(token.name),
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }

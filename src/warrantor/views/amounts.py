"""Money typed by a person, in major units ("129.00" of USD), as stored: minor units.

Where: every form and command that takes an amount (DESIGN.md: money is kept in
minor units and shown and typed in major ones); the pages' forms and the CLI's
options share this one reading, so an amount is refused the same way, naming
the field or option that carried it.
"""

from __future__ import annotations

from warrantor.domain.money import Money, minor_digits, normalize_currency
from warrantor.errors import InvalidInput, Problem


def minor_units(raw: str, currency: str, name: str, currency_field: str) -> int:
    """An amount typed in major units ("129.00" of USD) as minor units (12900), as money is
    stored; ``InvalidInput`` naming field ``name`` (or ``currency_field`` for the currency)."""
    try:
        code = normalize_currency(currency)
    except ValueError as error:
        problem = Problem(str(error), currency_field)
        raise InvalidInput(f"invalid {currency_field}", [problem]) from None
    try:
        money = Money.parse(raw, code)
    except ValueError:
        digits = minor_digits(code)
        example = "129" if digits == 0 else "129." + "0" * digits
        what = f"an amount of {code} like {example}, with at most {digits} decimals"
        raise InvalidInput(f"invalid {name}", [Problem(what, name)]) from None
    if money.minor < 0:
        raise InvalidInput(f"invalid {name}", [Problem("must not be negative", name)])
    return money.minor

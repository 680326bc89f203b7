"""Money: an integer amount of a currency's minor unit (cents), never a float.

DESIGN.md: "Money is integer minor units with a currency". Price lists, quotes
and orders carry ``Money``; the store keeps ``amount_minor`` (BIGINT) and
``currency`` (ISO 4217, three letters). Adding two currencies is a
``CurrencyMismatch``: there is no exchange rate anywhere in the product.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MINOR_DIGITS: dict[str, int] = {
    "BHD": 3,
    "CLP": 0,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "OMR": 3,
    "TND": 3,
    "TWD": 2,
    "VND": 0,
}
"""Currencies whose minor unit is not a hundredth (ISO 4217); every other has 2 digits."""


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined."""


def normalize_currency(raw: str) -> str:
    """An ISO 4217 code in upper case (``usd`` -> ``USD``); ``ValueError`` otherwise."""
    code = raw.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValueError(f"currency must be a three-letter ISO 4217 code, not {raw!r}")
    return code


def minor_digits(currency: str) -> int:
    """How many decimal digits the currency's minor unit has (2 for USD, 0 for JPY)."""
    return MINOR_DIGITS.get(currency, 2)


@dataclass(frozen=True, slots=True, order=False)
class Money:
    """``minor`` units of ``currency`` (e.g. ``Money(12900, "USD")`` is USD 129.00)."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise TypeError(f"money is a whole number of minor units, not {self.minor!r}")
        if normalize_currency(self.currency) != self.currency:
            raise ValueError(f"currency must be an upper-case ISO 4217 code: {self.currency!r}")

    @classmethod
    def parse(cls, amount: str, currency: str) -> Money:
        """``"129.00"`` of ``"usd"`` -> ``Money(12900, "USD")``; more decimals than the
        currency has, or anything that is not a number, is a ``ValueError``."""
        code = normalize_currency(currency)
        digits = minor_digits(code)
        try:
            value = Decimal(amount.strip())
        except InvalidOperation:
            raise ValueError(f"not an amount like 129.00: {amount!r}") from None
        if not value.is_finite():
            raise ValueError(f"not an amount like 129.00: {amount!r}")
        scaled = value.scaleb(digits)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{code} amounts have at most {digits} decimals: {amount!r}")
        return cls(int(scaled), code)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, normalize_currency(currency))

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __mul__(self, quantity: int) -> Money:
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            return NotImplemented
        return Money(self.minor * quantity, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    @property
    def amount(self) -> str:
        """The amount with the currency's decimals, e.g. ``"129.00"`` or ``"-5.50"``."""
        digits = minor_digits(self.currency)
        sign = "-" if self.minor < 0 else ""
        whole, part = divmod(abs(self.minor), 10**digits)
        return f"{sign}{whole}.{part:0{digits}d}" if digits else f"{sign}{whole}"

    def __str__(self) -> str:
        """``USD 129.00``."""
        return f"{self.currency} {self.amount}"

"""How an order or a quote gets paid: a ``PaymentMethod`` behind one small interface.

The sales services never know how money moves; they hand a ``Charge`` to a
payment method and record the ``Payment`` it returns, inside the same unit of
work that grants the coverage. The one method shipped is ``BankTransfer``: the
customer pays by bank transfer against an invoice, and a support agent or an
admin marks the order paid with the transfer's reference. A card processor
would be another class with the same ``collect``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from warrantor.domain.actors import Actor
from warrantor.domain.money import Money
from warrantor.domain.sales import Payment
from warrantor.errors import InvalidInput, Problem
from warrantor.services.sales.common import require_payment_staff


@dataclass(frozen=True, slots=True)
class Charge:
    """What is owed: an order or a quote, by whom, how much."""

    kind: str
    """``order`` or ``quote``."""
    id: int
    payer: str
    """Account code of the payer."""
    amount: Money


class PaymentMethod(Protocol):
    """Turns a charge into a recorded payment, or raises (nothing is then recorded)."""

    name: str

    def collect(self, charge: Charge, actor: Actor, reference: str, now: datetime) -> Payment:
        """The payment for ``charge``; raises ``PermissionDenied``/``InvalidInput`` if not."""
        ...


class BankTransfer:
    """Bank transfer against an invoice: staff record the money as received.

    Only support agents and admins may say money arrived; the reference (the
    bank's transaction id or the invoice number) is required, so every paid
    order points at a transfer someone can find.
    """

    name = "bank_transfer"

    def collect(self, charge: Charge, actor: Actor, reference: str, now: datetime) -> Payment:
        require_payment_staff(actor)
        reference = reference.strip()
        if not reference:
            raise InvalidInput(
                "a payment needs the bank transfer's reference",
                [Problem("is empty", "reference")],
            )
        if len(reference) > 200:
            raise InvalidInput(
                "payment reference is too long", [Problem("at most 200 characters", "reference")]
            )
        return Payment(
            method=self.name,
            reference=reference,
            amount=charge.amount,
            received_at=now,
            recorded_by=actor.label,
        )


METHODS: dict[str, PaymentMethod] = {BankTransfer.name: BankTransfer()}
"""The payment methods by name (``--method`` / ``"method"``)."""


def payment_method(name: str) -> PaymentMethod:
    method = METHODS.get(name)
    if method is None:
        known = ", ".join(sorted(METHODS))
        raise InvalidInput(
            f"unknown payment method {name!r}", [Problem(f"one of {known}", "method")]
        )
    return method

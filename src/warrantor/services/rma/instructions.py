"""Where to ship a unit once its RMA number is issued, and who pays that leg (issue #5).

Read from the brand's policy: the service centre (or the point of purchase
handling the return), who pays the leg to it (QNAP: the customer, citing
its delivery-cost clause), and what else the text asks of a parcel (an RMA
number on it; careful packing where damage in transport is excluded; data
backed up). Each line carries the clauses it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.domain.rma import Rma
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import (
    centre_named,
    inbound_payer,
    payer_words,
    policy_for,
    transport_damage_clauses,
)
from warrantor.policy.rma_refusals import backup_acknowledgement, parcel_without_rma
from warrantor.services.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class InstructionLine:
    text: str
    clause_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ShippingInstructions:
    """What the customer is told to do with the unit."""

    ship_to: str
    paid_by: str | None
    """``customer``, ``maker``, or ``None`` when the policy does not say."""
    paid_by_clause_ids: tuple[str, ...]
    lines: tuple[InstructionLine, ...]

    @property
    def paid_by_words(self) -> str:
        return payer_words(self.paid_by)

    def text(self) -> str:
        """The instructions as lines of text, each with the clauses it cites."""
        return "\n".join(
            f"- {line.text}" + (f" [{', '.join(line.clause_ids)}]" if line.clause_ids else "")
            for line in self.lines
        )


def shipping_instructions(uow: UnitOfWork, book: PolicyBook, rma: Rma) -> ShippingInstructions:
    """The instructions for ``rma``'s inbound leg, from its brand's policy."""
    policy = policy_for(book, rma.brand)
    centre = centre_named(policy, rma.service_point)
    if centre is not None:
        ship_to = f"{centre.name} ({centre.country})"
    else:
        account = uow.accounts.get(rma.service_point)
        name = account.name if account else rma.service_point
        ship_to = f"{name}, your point of purchase ({rma.service_point})"
    payer = inbound_payer(policy)
    number = rma.number or "the RMA number"
    lines = [
        InstructionLine(
            f"Ship the unit to {ship_to}; shipping there is paid by {payer_words(payer.payer)}.",
            payer.clause_ids,
        )
    ]
    refused = parcel_without_rma(policy, "no RMA number on the parcel").determining
    lines.append(
        InstructionLine(
            f"Write {number} on the outside of the parcel"
            + (
                ": returns without an RMA number are not accepted and their costs are the sender's."
                if refused
                else "."
            ),
            refused,
        )
    )
    transport = transport_damage_clauses(policy)
    if transport:
        lines.append(
            InstructionLine(
                "Pack the unit carefully: damage from improper transport or packing on the way "
                "to the maker is not covered.",
                transport,
            )
        )
    backup = backup_acknowledgement(policy, acknowledged=True).determining
    if backup:
        lines.append(
            InstructionLine("Back up your data first: the maker is not liable for it.", backup)
        )
    return ShippingInstructions(
        ship_to=ship_to,
        paid_by=payer.payer,
        paid_by_clause_ids=payer.clause_ids,
        lines=tuple(lines),
    )

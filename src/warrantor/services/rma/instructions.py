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
from warrantor.errors import N_, Said
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

    def text(self) -> Said:
        """The instructions as lines of text, each with the clauses it cites: the lines said
        together, so a mail translates each (the frame itself is no sentence to translate)."""
        frame, values = [], {}
        for index, line in enumerate(self.lines):
            cited = f" [{', '.join(line.clause_ids)}]" if line.clause_ids else ""
            frame.append(f"- %(line_{index})s" + cited.replace("%", "%%"))
            values[f"line_{index}"] = _marked(line.text)
        return Said("\n".join(frame), **values)


def shipping_instructions(uow: UnitOfWork, book: PolicyBook, rma: Rma) -> ShippingInstructions:
    """The instructions for ``rma``'s inbound leg, from its brand's policy."""
    policy = policy_for(book, rma.brand)
    centre = centre_named(policy, rma.service_point)
    if centre is not None:
        ship_to: str = f"{centre.name} ({centre.country})"
    else:
        account = uow.accounts.get(rma.service_point)
        name = account.name if account else rma.service_point
        ours = N_("%(name)s, your point of purchase (%(code)s)")
        ship_to = Said(ours, name=name, code=rma.service_point)
    payer = inbound_payer(policy)
    ship = N_("Ship the unit to %(address)s; shipping there is paid by %(payer)s.")
    paid_by = Said(payer_words(payer.payer))  # a marked word (web.page_templates.SHOWN_WORDS)
    lines = [InstructionLine(Said(ship, address=ship_to, payer=paid_by), payer.clause_ids)]
    refused = parcel_without_rma(policy, "no RMA number on the parcel").determining
    number = rma.number or Said(N_("the RMA number"))
    write = (
        N_(
            "Write %(number)s on the outside of the parcel: returns without an RMA number are "
            "not accepted and their costs are the sender's."
        )
        if refused
        else N_("Write %(number)s on the outside of the parcel.")
    )
    lines.append(InstructionLine(Said(write, number=number), refused))
    transport = transport_damage_clauses(policy)
    if transport:
        lines.append(
            InstructionLine(
                N_(
                    "Pack the unit carefully: damage from improper transport or packing on the "
                    "way to the maker is not covered."
                ),
                transport,
            )
        )
    backup = backup_acknowledgement(policy, acknowledged=True).determining
    if backup:
        lines.append(
            InstructionLine(N_("Back up your data first: the maker is not liable for it."), backup)
        )
    return ShippingInstructions(
        ship_to=ship_to,
        paid_by=payer.payer,
        paid_by_clause_ids=payer.clause_ids,
        lines=tuple(lines),
    )


def _marked(text: str) -> Said:
    """A line as a sentence a mail translates (a plain string: as a marked one)."""
    return text if isinstance(text, Said) else Said(text)

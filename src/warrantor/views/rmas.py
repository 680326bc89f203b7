"""What an RMA looks like outside: the API JSON of the desk (RMAs, timelines, shipments,
parcels).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel, Field, TypeAdapter

from warrantor.domain.rma import Rma
from warrantor.domain.rma_parcels import Parcel, ParcelCost
from warrantor.views.records import FromRecord, answer_from, record_fields


class DueOut(FromRecord):
    due_on: date
    due_at: datetime
    provisional: bool
    clause_ids: list[str]


class RmaOut(FromRecord):
    id: int
    number: str | None
    state: str
    brand: str
    serial: str
    model: str
    customer: str | None
    opened_by: str | None
    contact_name: str
    contact_email: str
    symptom: str
    proof_of_purchase: str | None
    service_country: str
    service_point: str
    opened_at: datetime
    documents_validated_at: datetime | None
    number_issued_at: datetime | None
    received_on: date | None
    shipped_at: datetime | None
    closed_at: datetime | None
    number_due: DueOut | None
    repair_due: DueOut | None
    needs_attention: bool
    attention_reason: str | None
    assignee_user_id: int | None = None
    """The agent or technician it is assigned to (none: its centre's unassigned queue)."""
    assignee: str | None = None
    paused_since: datetime | None = None
    """Since when the current step's clock is paused, waiting on the customer (issue #23):
    a paused RMA is not late; its due date moves by the paused business days when the
    wait ends."""
    paused_for: str | None = None
    """What it waits for: ``quote`` (the answer to a paid-repair quote), ``documents``,
    ``certificate``."""


class PauseOut(FromRecord):
    """A clock of the RMA paused while the desk waited on the customer."""

    wait: str
    clock: str
    """``number`` (the RMA number's clock) or ``repair``."""
    started_at: datetime
    ended_at: datetime | None
    moved_days: int | None
    """Business days the clock's due date moved when the wait ended (none while open)."""


class TransitionOut(FromRecord):
    event: str
    from_state: str
    to_state: str
    actor: str
    reason: str
    at: datetime


class NoteOut(BaseModel):
    at: datetime
    author: str
    text: str


class ShipmentOut(FromRecord):
    carrier: str
    tracking: str
    paid_by: str
    clause_ids: list[str]
    shipped_at: datetime


class InstructionLineOut(FromRecord):
    text: str
    clause_ids: list[str]


class InstructionsOut(FromRecord):
    ship_to: str
    paid_by: str | None
    paid_by_clause_ids: list[str]
    lines: list[InstructionLineOut]


class RmaDetailOut(FromRecord):
    rma: RmaOut
    late: bool
    timeline: list[TransitionOut]
    notes: list[NoteOut]
    shipments: list[ShipmentOut]
    instructions: InstructionsOut | None
    pauses: list[PauseOut] = Field(default_factory=list)
    """Each clock paused while waiting on the customer, oldest first (the timeline's)."""


class IssuedOut(FromRecord):
    rma: RmaOut
    instructions: InstructionsOut


class CostOut(FromRecord):
    """A cost charged to an unauthorized return's sender (who recorded it is not shown)."""

    __annotations__ = record_fields(ParcelCost, leave_out=("recorded_by",))


class ParcelOut(FromRecord):
    """A parcel as received, with its costs and their totals per currency (minor units)."""

    __annotations__ = record_fields(
        Parcel,
        leave_out=("received_by", "resolved_by"),
        costs=list[CostOut],
        costs_by_currency=dict[str, int],
    )


class ReceivedOut(FromRecord):
    parcel: ParcelOut
    rma: RmaOut | None
    unauthorized: bool


def rma_out(rma: Rma) -> RmaOut:
    return RmaOut.model_validate(rma)


RMA_LIST = TypeAdapter(list[RmaOut])
"""A list of RMAs as the API answers it (``rmas_json``)."""


def rmas_json(rmas: Iterable[Rma]) -> bytes:
    """The JSON of ``[rma_out(rma) ...]`` as FastAPI sends a ``list[RmaOut]`` answer (by
    alias), the list read from the records and dumped in one call each
    (``api.paging.json_page``): a queue page's 100 calls of ``rma_out`` cost more."""
    answers = RMA_LIST.validate_python(list(rmas), from_attributes=True)
    return RMA_LIST.dump_json(answers, by_alias=True)


def parcel_out(parcel: Parcel) -> ParcelOut:
    return answer_from(ParcelOut, parcel, costs_by_currency=parcel.costs_by_currency())

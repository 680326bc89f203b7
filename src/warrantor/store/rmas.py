"""RMAs: open one, read it, find the ones a queue shows, record what happened to it.

Maps rows to ``warrantor.domain.rma.Rma`` (``rma_rows``); callers never see a
SQLAlchemy row. The state is written only from a ``Step`` of the RMA's
machine: ``add`` (opening) and ``set_state``, which takes the step only from
the state it was read in, so a concurrent change is caught. ``RmaRepository``
(``uow.rmas``) also carries an RMA's number sequences (``rma_numbers``), its
timeline and notes (``rma_timeline``) and its return shipments
(``rma_shipments``) and its paused clocks (``rma_pauses``), each in its own module.
Parcels are in ``store.parcels``.
"""

from __future__ import annotations

import builtins
import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Select,
    String,
    and_,
    bindparam,
    case,
    func,
    null,
    or_,
    select,
    true,
    tuple_,
    type_coerce,
    update,
)

from warrantor.domain.lifecycle import Step
from warrantor.domain.rma import REPAIR_CLOCK_STATES, Rma, RmaDue
from warrantor.store.keyset import page_limit
from warrantor.store.rma_clock_order import clock_of, clock_page
from warrantor.store.rma_numbers import RmaNumberSequences
from warrantor.store.rma_pauses import (
    RmaPauses,
    clocks_of,
    first_open_pause,
    paused_for,
    paused_now,
    paused_since,
)
from warrantor.store.rma_rows import due_values, to_rma, to_rmas
from warrantor.store.rma_shipments import RmaShipments
from warrantor.store.rma_timeline import RmaTimeline
from warrantor.store.tables import UtcDateTime, accounts, units
from warrantor.store.tables_auth import users
from warrantor.store.tables_rma import rmas


@dataclass(frozen=True, slots=True)
class NewRma:
    """An RMA to store, as opened (state ``requested``)."""

    unit_id: int
    brand: str
    serial: str
    model: str
    customer_account_id: int | None
    opened_by_account_id: int | None
    opened_by_label: str
    contact_name: str
    contact_email: str
    symptom: str
    backup_acknowledged_at: datetime
    proof_of_purchase: str | None
    service_country: str
    service_point: str


@dataclass(frozen=True, slots=True)
class RmaFilter:
    """What ``RmaRepository.list`` narrows by; ``None`` means "any".

    ``visible_to_customer`` keeps a customer's own RMAs; ``visible_to_party``
    keeps those a dealer or distributor opened or whose unit was first
    invoiced to it. ``late_at`` keeps RMAs whose current step is due before
    that instant.
    """

    states: tuple[str, ...] = ()
    brand: str | None = None
    serial: str | None = None
    service_point: str | None = None
    needs_attention: bool | None = None
    visible_to_customer: str | None = None
    visible_to_party: str | None = None
    late_at: datetime | None = None
    limit: int = 100
    after: tuple[datetime | None, datetime, int] | None = None
    """Only RMAs sorting after this (current due instant, opened at, id): the next page."""
    assignee_user_id: int | None = None
    """Only RMAs assigned to this user."""
    unassigned: bool = False
    """Only RMAs assigned to nobody (their centre's unassigned queue)."""


_customer = accounts.alias("rma_customer")
_opener = accounts.alias("rma_opener")
_invoiced = accounts.alias("rma_invoiced_to")


CLOCK_STATES = frozenset({"documents_validated", *REPAIR_CLOCK_STATES})
"""States in which a clock runs (``_due_of_step`` is not NULL)."""


def _due_of_step() -> Any:
    """SQL for the due instant of the RMA's current step (NULL when no clock runs)."""
    return case(
        (rmas.c.state == "documents_validated", rmas.c.number_due_at),
        (rmas.c.state.in_(REPAIR_CLOCK_STATES), rmas.c.repair_due_at),
        else_=None,
    )


@functools.lru_cache(maxsize=128)
def _rma_query(states: tuple[str, ...] = (), lateral: bool = False) -> Select[Any]:
    """An RMA's row with its account codes, assignee and paused clock, for RMAs in
    ``states`` (none: any state). Built once per ``states`` (a ``Select`` is immutable).

    The paused clock is read only for the clocks those states run: a queue of states
    that run none (new requests, troubleshooting) reads NULL without asking
    ``rma_pauses``, as the subqueries would answer for every row of it. ``lateral``
    (PostgreSQL): the first open pause in one ``LATERAL`` subquery
    (``first_open_pause``), not two scalar ones; the same two columns."""
    clocks = clocks_of(states)
    pause = first_open_pause(clocks) if clocks and lateral else None
    since: Any
    wait: Any
    if pause is not None:
        since, wait = type_coerce(pause.c.started_at, UtcDateTime), pause.c.wait
    elif clocks:
        since, wait = type_coerce(paused_since(clocks), UtcDateTime), paused_for(clocks)
    else:
        since, wait = type_coerce(null(), UtcDateTime), type_coerce(null(), String)
    query = (
        select(
            rmas,
            _customer.c.code.label("customer_code"),
            _opener.c.code.label("opener_code"),
            users.c.name.label("assignee_name"),
            since.label("paused_since"),
            wait.label("paused_for"),
        )
        .select_from(rmas)
        .outerjoin(_customer, _customer.c.id == rmas.c.customer_account_id)
        .outerjoin(_opener, _opener.c.id == rmas.c.opened_by_account_id)
        .outerjoin(users, users.c.id == rmas.c.assignee_user_id)
    )
    return query if pause is None else query.outerjoin(pause, true())


def _narrowed(query: Select[Any], filters: RmaFilter) -> Select[Any]:
    """``query`` (over ``rmas`` with the customer and opener joined) narrowed by ``filters``:
    the one place an ``RmaFilter`` becomes SQL."""
    if filters.states:
        # the states written into the statement, not sent as parameters: a prepared
        # statement's generic plan then knows them, so PostgreSQL can use the partial
        # index of a clock's queue (``ix_rmas_number_due``, ``ix_rmas_repair_due``) and
        # keep that plan instead of planning each page anew (issue #23, item 8)
        states: Any = bindparam(
            "states", list(filters.states), expanding=True, literal_execute=True
        )
        query = query.where(rmas.c.state.in_(states))
    if filters.brand:
        query = query.where(func.lower(rmas.c.brand) == filters.brand.lower())
    if filters.serial:
        query = query.where(rmas.c.serial == filters.serial)
    if filters.service_point:
        query = query.where(rmas.c.service_point == filters.service_point)
    if filters.needs_attention is not None:
        query = query.where(rmas.c.needs_attention == filters.needs_attention)
    if filters.visible_to_customer is not None:
        query = query.where(_customer.c.code == filters.visible_to_customer)
    if filters.visible_to_party is not None:
        invoiced_to = (
            select(units.c.id)
            .join(_invoiced, _invoiced.c.id == units.c.first_invoiced_to_id)
            .where(_invoiced.c.code == filters.visible_to_party)
        )
        query = query.where(
            or_(_opener.c.code == filters.visible_to_party, rmas.c.unit_id.in_(invoiced_to))
        )
    if filters.assignee_user_id is not None:
        query = query.where(rmas.c.assignee_user_id == filters.assignee_user_id)
    if filters.unassigned:
        query = query.where(rmas.c.assignee_user_id.is_(None))
    if filters.late_at is not None:
        due = _due_of_step()
        # a clock paused while the desk waits on the customer is not late (issue #23)
        query = query.where(and_(due.is_not(None), due <= filters.late_at, ~paused_now()))
    return query


def _after(due: Any, due_at: datetime | None, opened_at: datetime, rma_id: int) -> Any:
    """Rows sorting after (``due_at``, ``opened_at``, ``rma_id``) in the queue's order:
    by due instant (none last), then opened, then id."""
    later_same_due = tuple_(rmas.c.opened_at, rmas.c.id) > (opened_at, rma_id)
    if due_at is None:
        return and_(due.is_(None), later_same_due)
    return or_(due.is_(None), due > due_at, and_(due == due_at, later_same_due))


class RmaRepository(RmaNumberSequences, RmaTimeline, RmaShipments, RmaPauses):
    """Reads and writes RMAs on one connection (inside a unit of work)."""

    def add(self, new: NewRma, opened: Step, now: datetime) -> int:
        """Store a new RMA in the state its opening step leads to; returns its id."""
        rma_id: int = self._connection.execute(
            rmas.insert()
            .values(
                unit_id=new.unit_id,
                brand=new.brand,
                serial=new.serial,
                model=new.model,
                state=opened.to_state,
                customer_account_id=new.customer_account_id,
                opened_by_account_id=new.opened_by_account_id,
                opened_by_label=new.opened_by_label,
                contact_name=new.contact_name,
                contact_email=new.contact_email,
                symptom=new.symptom,
                backup_acknowledged_at=new.backup_acknowledged_at,
                proof_of_purchase=new.proof_of_purchase,
                service_country=new.service_country,
                service_point=new.service_point,
                opened_at=now,
                updated_at=now,
                needs_attention=False,
            )
            .returning(rmas.c.id)
        ).scalar_one()
        return rma_id

    def get(self, rma_id: int) -> Rma | None:
        row = self._connection.execute(_rma_query().where(rmas.c.id == rma_id)).first()
        return to_rma(row) if row else None

    def get_for_update(self, rma_id: int) -> Rma | None:
        """The RMA, its row locked to the end of the transaction (SQLite locks the file)."""
        row = self._connection.execute(
            _rma_query().where(rmas.c.id == rma_id).with_for_update(of=rmas)
        ).first()
        return to_rma(row) if row else None

    def get_by_number(self, number: str) -> Rma | None:
        row = self._connection.execute(
            _rma_query().where(rmas.c.number == number.strip().upper())
        ).first()
        return to_rma(row) if row else None

    def unit_first_invoiced_to(self, rma_id: int) -> str | None:
        """The account code the RMA's unit was first invoiced to (for dealer visibility)."""
        code: str | None = self._connection.scalar(
            select(accounts.c.code)
            .select_from(rmas)
            .join(units, units.c.id == rmas.c.unit_id)
            .join(accounts, accounts.c.id == units.c.first_invoiced_to_id)
            .where(rmas.c.id == rma_id)
        )
        return code

    def list(self, filters: RmaFilter) -> builtins.list[Rma]:
        """RMAs matching ``filters``, what is due first first (no clock: by opening), after
        ``filters.after`` (keyset: due instant, opened at, id; no clock sorts last)."""
        lateral = self._connection.dialect.name == "postgresql"
        query = _narrowed(_rma_query(tuple(filters.states), lateral), filters)
        clock = clock_of(filters.states)
        if clock is not None:
            # one clock runs in these states: along its index (``store.rma_clock_order``)
            rows = clock_page(self._connection, query, clock, filters.after, filters.limit)
            return to_rmas(rows)
        if filters.states and set(filters.states).isdisjoint(CLOCK_STATES):
            # no clock runs in these states: by opening alone, the order of the index on
            # (state, opened_at), so a page of a large queue is a range scan, not a sort
            if filters.after is not None:
                _, opened_at, rma_id = filters.after
                query = query.where(tuple_(rmas.c.opened_at, rmas.c.id) > (opened_at, rma_id))
            query = query.order_by(rmas.c.opened_at, rmas.c.id)
        else:
            due = _due_of_step()
            if filters.after is not None:
                query = query.where(_after(due, *filters.after))
            query = query.order_by(due.is_(None), due, rmas.c.opened_at, rmas.c.id)
        return to_rmas(self._connection.execute(query.limit(page_limit(filters.limit))).all())

    def count(self, filters: RmaFilter) -> int:
        """How many RMAs match ``filters`` (``after`` and ``limit`` aside): a tab's total."""
        query = _narrowed(
            select(func.count())
            .select_from(rmas)
            .outerjoin(_customer, _customer.c.id == rmas.c.customer_account_id)
            .outerjoin(_opener, _opener.c.id == rmas.c.opened_by_account_id),
            filters,
        )
        return int(self._connection.scalar(query) or 0)

    def assignee_counts(
        self, states: tuple[str, ...]
    ) -> builtins.list[tuple[int | None, str, int]]:
        """(assignee user id or ``None``, service centre, RMAs) of the RMAs in ``states``:
        each person's load and each centre's unassigned queue, counted exactly."""
        rows = self._connection.execute(
            select(rmas.c.assignee_user_id, rmas.c.service_point, func.count())
            .where(rmas.c.state.in_(states))
            .group_by(rmas.c.assignee_user_id, rmas.c.service_point)
            .order_by(rmas.c.assignee_user_id, rmas.c.service_point)
        )
        return [(row[0], row[1], int(row[2])) for row in rows]

    def set_assignee(self, rma_id: int, user_id: int | None, now: datetime) -> None:
        """Assign the RMA to ``user_id`` (``None``: back to its centre's unassigned queue)."""
        self._set(rma_id, now, assignee_user_id=user_id)

    def set_state(self, rma_id: int, step: Step, now: datetime) -> bool:
        """Take the machine's ``step``; False when the RMA was no longer in its from-state."""
        result = self._connection.execute(
            update(rmas)
            .where(rmas.c.id == rma_id, rmas.c.state == step.from_state)
            .values(state=step.to_state, updated_at=now)
        )
        return result.rowcount == 1

    def _set(self, rma_id: int, now: datetime, **values: Any) -> None:
        self._connection.execute(
            update(rmas).where(rmas.c.id == rma_id).values(updated_at=now, **values)
        )

    def record_proof(self, rma_id: int, proof_of_purchase: str, now: datetime) -> None:
        """The proof of purchase the agent read on the documents."""
        self._set(rma_id, now, proof_of_purchase=proof_of_purchase)

    def record_documents_validated(self, rma_id: int, now: datetime) -> None:
        """The documents were validated at ``now``: the RMA number's clock starts."""
        self._set(rma_id, now, documents_validated_at=now)

    def record_number(self, rma_id: int, number: str, issued_at: datetime) -> None:
        """The RMA number issued, and when."""
        self._set(rma_id, issued_at, number=number, number_issued_at=issued_at)

    def record_received(self, rma_id: int, received_on: date, now: datetime) -> None:
        """The unit arrived at ``now``; ``received_on`` is that day in the centre's zone."""
        self._set(rma_id, now, received_at=now, received_on=received_on)

    def record_shipped(self, rma_id: int, now: datetime) -> None:
        """The unit left for its owner at ``now``."""
        self._set(rma_id, now, shipped_at=now)

    def record_closed(self, rma_id: int, now: datetime) -> None:
        """The RMA was closed at ``now``."""
        self._set(rma_id, now, closed_at=now)

    def set_number_due(self, rma_id: int, due: RmaDue | None, now: datetime) -> None:
        self._set(rma_id, now, **due_values("number", due))

    def set_repair_due(self, rma_id: int, due: RmaDue | None, now: datetime) -> None:
        self._set(rma_id, now, **due_values("repair", due))

    def set_attention(self, rma_id: int, reason: str | None, now: datetime) -> None:
        self._set(rma_id, now, needs_attention=reason is not None, attention_reason=reason)

    def count_by_state(self) -> dict[str, int]:
        rows = self._connection.execute(select(rmas.c.state, func.count()).group_by(rmas.c.state))
        return {state: count for state, count in rows}

"""Repository: customers' help requests (issue #23, items 6 and 7).

Read a page at a time by keyset on ``id`` (oldest first: a queue), narrowed by
state and, for a customer, by their account. Closing one is a guarded update
(only while it is open), so two agents can't both resolve the same request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, func, select, update
from sqlalchemy.exc import IntegrityError

from warrantor.store.tables import accounts
from warrantor.store.tables_help import help_requests


class AlreadyOpen(Exception):
    """The account's open request about the unit, found when the one-open index refused
    another."""

    def __init__(self, waiting: int) -> None:
        super().__init__(f"help request {waiting} is open")
        self.waiting = waiting


@dataclass(frozen=True, slots=True)
class ProofFile:
    """The proof of purchase file sent with a request, stored behind the storage port."""

    file_name: str
    content_type: str
    size_bytes: int
    sha256: str
    storage_key: str


@dataclass(frozen=True, slots=True)
class NewHelpRequest:
    kind: str
    account_id: int
    opened_by: int | None
    contact_email: str
    brand: str
    serial: str
    model: str | None
    purchased_on: date | None
    proof_of_purchase: str | None
    description: str
    proof: ProofFile | None
    opened_at: datetime


@dataclass(frozen=True, slots=True)
class HelpRequest:
    """A stored request; ``account`` is the asking account's code."""

    id: int
    kind: str
    state: str
    account: str
    opened_by: int | None
    contact_email: str
    brand: str
    serial: str
    model: str | None
    purchased_on: date | None
    proof_of_purchase: str | None
    description: str
    proof: ProofFile | None
    opened_at: datetime
    closed_at: datetime | None
    closed_by: int | None
    resolution: str | None
    unit_id: int | None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def _query() -> Select[Any]:
    return select(help_requests, accounts.c.code.label("account")).join(
        accounts, accounts.c.id == help_requests.c.account_id
    )


def _request(row: Row[Any]) -> HelpRequest:
    values = dict(row._mapping)
    proof = None
    if values["proof_storage_key"] is not None:
        proof = ProofFile(
            values["proof_file_name"],
            values["proof_content_type"],
            values["proof_size_bytes"],
            values["proof_sha256"],
            values["proof_storage_key"],
        )
    return HelpRequest(
        id=values["id"],
        kind=values["kind"],
        state=values["state"],
        account=values["account"],
        opened_by=values["opened_by"],
        contact_email=values["contact_email"],
        brand=values["brand"],
        serial=values["serial"],
        model=values["model"],
        purchased_on=values["purchased_on"],
        proof_of_purchase=values["proof_of_purchase"],
        description=values["description"],
        proof=proof,
        opened_at=values["opened_at"],
        closed_at=values["closed_at"],
        closed_by=values["closed_by"],
        resolution=values["resolution"],
        unit_id=values["unit_id"],
    )


class HelpRequestRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add_open(self, new: NewHelpRequest) -> int:
        """Store ``new`` (open) and return its id. ``AlreadyOpen`` (with that request's id)
        when ``uq_help_requests_one_open`` refuses it: the account has an open request about
        the unit already (one sent at the same time, stored first, after a check before
        this could see it). Only this insert is undone then (a savepoint)."""
        try:
            with self._connection.begin_nested():
                return self.add(new)
        except IntegrityError:
            waiting = self.open_one(new.account_id, new.brand, new.serial)
            if waiting is None:
                raise  # another constraint refused it: not this rule's to explain
            raise AlreadyOpen(waiting) from None

    def add(self, new: NewHelpRequest) -> int:
        proof = new.proof
        result = self._connection.execute(
            help_requests.insert()
            .values(
                kind=new.kind,
                state="open",
                account_id=new.account_id,
                opened_by=new.opened_by,
                contact_email=new.contact_email,
                brand=new.brand,
                serial=new.serial,
                model=new.model,
                purchased_on=new.purchased_on,
                proof_of_purchase=new.proof_of_purchase,
                description=new.description,
                proof_file_name=proof.file_name if proof else None,
                proof_content_type=proof.content_type if proof else None,
                proof_size_bytes=proof.size_bytes if proof else None,
                proof_sha256=proof.sha256 if proof else None,
                proof_storage_key=proof.storage_key if proof else None,
                opened_at=new.opened_at,
            )
            .returning(help_requests.c.id)
        )
        return int(result.scalar_one())

    def get(self, request_id: int) -> HelpRequest | None:
        row = self._connection.execute(
            _query().where(help_requests.c.id == request_id)
        ).one_or_none()
        return _request(row) if row is not None else None

    def open_one(self, account_id: int, brand: str, serial: str) -> int | None:
        """The id of the account's open request about this unit, if there is one."""
        return self._connection.scalar(
            select(help_requests.c.id).where(
                help_requests.c.account_id == account_id,
                help_requests.c.brand == brand,
                help_requests.c.serial == serial,
                help_requests.c.state == "open",
            )
        )

    def page(
        self, state: str | None, account: str | None, limit: int, after_id: int | None
    ) -> list[HelpRequest]:
        """Up to ``limit`` requests in ``state`` (any: ``None``), of ``account`` (any:
        ``None``), oldest first, with ids above ``after_id``."""
        query = _query().order_by(help_requests.c.id).limit(limit)
        query = self._narrowed(query, state, account)
        if after_id is not None:
            query = query.where(help_requests.c.id > after_id)
        return [_request(row) for row in self._connection.execute(query)]

    def count(self, state: str | None, account: str | None) -> int:
        query = self._narrowed(
            select(func.count())
            .select_from(help_requests)
            .join(accounts, accounts.c.id == help_requests.c.account_id),
            state,
            account,
        )
        return int(self._connection.scalar(query) or 0)

    @staticmethod
    def _narrowed(query: Select[Any], state: str | None, account: str | None) -> Select[Any]:
        if state is not None:
            query = query.where(help_requests.c.state == state)
        if account is not None:
            query = query.where(accounts.c.code == account)
        return query

    def close(
        self,
        request_id: int,
        state: str,
        by: int | None,
        resolution: str,
        unit_id: int | None,
        now: datetime,
    ) -> bool:
        """Resolve or reject an open request; ``False`` (nothing changed) when it is closed."""
        result = self._connection.execute(
            update(help_requests)
            .where(help_requests.c.id == request_id, help_requests.c.state == "open")
            .values(
                state=state, closed_at=now, closed_by=by, resolution=resolution, unit_id=unit_id
            )
        )
        return result.rowcount == 1

"""Accounts: customers, distributors, dealers, agents, technicians, admins.

A direct customer (``is_direct_customer``) buys from the maker: a distributor,
or an end customer buying direct. Units name the direct customer they were
first invoiced to, and their owner, by account.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from warrantor.store.keyset import keyset_page
from warrantor.store.tables import accounts
from warrantor.store.upsert import insert_for


@dataclass(frozen=True, slots=True)
class Account:
    """One account, as stored."""

    code: str
    name: str
    kind: str
    is_direct_customer: bool = False
    country: str | None = None
    email: str | None = None


class AccountRepository:
    """Reads and upserts accounts on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def upsert(self, account: Account, now: datetime) -> int:
        """Add the account, or update the one with the same code; returns its id."""
        values = {
            "name": account.name,
            "kind": account.kind,
            "is_direct_customer": account.is_direct_customer,
            "country": account.country,
            "email": account.email,
        }
        stmt = insert_for(self._connection, accounts).values(
            code=account.code, created_at=now, **values
        )
        self._connection.execute(stmt.on_conflict_do_update(index_elements=["code"], set_=values))
        account_id: int | None = self._connection.scalar(
            select(accounts.c.id).where(accounts.c.code == account.code)
        )
        assert account_id is not None
        return account_id

    def get(self, code: str) -> Account | None:
        row = self._connection.execute(select(accounts).where(accounts.c.code == code)).first()
        return _account(row) if row else None

    def id_of(self, code: str) -> int | None:
        return self._connection.scalar(select(accounts.c.id).where(accounts.c.code == code))

    def list(
        self, kind: str | None = None, limit: int = 100, after: Sequence[Any] | None = None
    ) -> list[Account]:
        """Accounts by code (unique), after the key ``after`` (keyset: the next page)."""
        query = select(accounts)
        if kind is not None:
            query = query.where(accounts.c.kind == kind)
        key = [accounts.c.code]
        page = keyset_page(query, key, after, limit)
        return [_account(row) for row in self._connection.execute(page)]

    def names_of(self, codes: Sequence[str]) -> dict[str, str]:
        """The names of the accounts with ``codes``, by code (an unknown code is left out)."""
        if not codes:
            return {}
        query = select(accounts.c.code, accounts.c.name).where(accounts.c.code.in_(set(codes)))
        return {str(row.code): str(row.name) for row in self._connection.execute(query)}

    def by_ids(self, ids: Sequence[int]) -> dict[int, Account]:
        """The accounts with ``ids``, by id."""
        if not ids:
            return {}
        rows = self._connection.execute(select(accounts).where(accounts.c.id.in_(ids)))
        return {int(row.id): _account(row) for row in rows}


def _account(row: Row[Any]) -> Account:
    return Account(
        code=row.code,
        name=row.name,
        kind=row.kind,
        is_direct_customer=row.is_direct_customer,
        country=row.country,
        email=row.email,
    )

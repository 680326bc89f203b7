"""Finding users and accounts by what an admin types (issue #23, item 2), in the three
tiers of every search (``store.text_search``), each one query on an index:

- users: exact e-mail address (the unique index; addresses are stored lower-cased),
  then the start of the address or of a word of the name, then names and
  addresses like the text (``ix_search_users_*_trgm`` on PostgreSQL, the FTS5
  table ``search_users`` on SQLite; migration 0022);
- accounts: exact code (the unique index), then the start of the code or of a
  word of the name, then codes and names like the text (``ix_search_accounts_*``,
  ``search_accounts``).

Each tier answers (id, what matched) pairs, best first (the newest row first among
equals), leaving out the ids an earlier tier found.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, or_, select

from warrantor.store.repository import Repository
from warrantor.store.tables import accounts
from warrantor.store.tables_auth import users
from warrantor.store.text_search import fuzzy_ids, starts, word_starts


class _Directory(Repository):
    table: Table
    exact_column: ColumnElement[Any]
    exact_label: str
    start_column: ColumnElement[Any]
    name_column: ColumnElement[Any]
    fts_table: str

    def _exact_forms(self, wanted: str) -> list[str]:
        return list(dict.fromkeys([wanted, wanted.upper(), wanted.lower()]))

    def exact(self, wanted: str, limit: int, found: set[int]) -> list[tuple[int, str]]:
        """Rows whose code or address is ``wanted`` (as typed, in capitals or in small
        letters)."""
        id_column = self.table.c.id
        query = (
            select(id_column)
            .where(self.exact_column.in_(self._exact_forms(wanted)))
            .order_by(id_column.desc())
            .limit(limit + len(found))
        )
        ids = [int(i) for i in self._connection.scalars(query)]
        return [(i, self.exact_label) for i in ids if i not in found][:limit]

    def prefix(self, wanted: str, limit: int, found: set[int]) -> list[tuple[int, str]]:
        """Rows whose code or address, or a word of whose name, starts with ``wanted``."""
        id_column = self.table.c.id
        by_start = starts(self.start_column, wanted)
        query = (
            select(id_column, by_start.label("by_start"))
            .where(or_(by_start, word_starts(self.name_column, wanted)))
            .order_by(id_column.desc())
            .limit(limit + len(found))
        )
        rows = self._connection.execute(query)
        hits = [(int(i), self.exact_label if s else "name") for i, s in rows]
        return [hit for hit in hits if hit[0] not in found][:limit]

    def fuzzy(self, wanted: str, limit: int, found: set[int]) -> list[tuple[int, str]]:
        """Rows whose name, code or address is like ``wanted``, the likest first."""
        columns = [self.name_column, self.start_column]
        ids = fuzzy_ids(
            self._connection, self.table.c.id, columns, self.fts_table, wanted, limit + len(found)
        )
        return [(i, "similar") for i in ids if i not in found][:limit]


class UserSearch(_Directory):
    """The tiers of the admin's search of users, on one connection."""

    table = users
    exact_column = users.c.email
    exact_label = "email"
    start_column = users.c.email
    name_column = users.c.name
    fts_table = "search_users"


class AccountSearch(_Directory):
    """The tiers of the admin's search of accounts, on one connection."""

    table = accounts
    exact_column = accounts.c.code
    exact_label = "code"
    start_column = accounts.c.code
    name_column = accounts.c.name
    fts_table = "search_accounts"

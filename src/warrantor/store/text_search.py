"""What every text search shares (issue #23, item 2): the desk's RMA search, the admin's
search of users and accounts, a customer's search of their units.

A search runs in tiers, surest first (``services.text_search`` puts them
together): exact lookups on plain indexes, then prefixes, then fuzzy matches.
The prefix and fuzzy tiers are built here, one way per engine:

- prefix: ``ILIKE 'text%'`` on a column, or on any word of it (``'% text%'``);
- fuzzy: ``pg_trgm``'s word similarity on PostgreSQL (the ``%>`` operator, which
  a GIN ``gin_trgm_ops`` index serves), an FTS5 ``trigram`` table's match on
  SQLite (an external-content table whose rowid is the row's id, kept by
  triggers). Migrations 0017 (RMAs) and 0018 (users, accounts) make them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, or_, select, text

FUZZY_THRESHOLD = 0.3
"""pg_trgm word similarity a fuzzy match needs (its default, 0.6, misses one wrong letter
in a short surname)."""


def escaped(text_: str) -> str:
    """``text_`` with LIKE's wildcards taken literally (escape character ``\\``)."""
    return text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def starts(column: ColumnElement[Any], wanted: str) -> ColumnElement[bool]:
    """``column`` starts with ``wanted`` (any case)."""
    return column.ilike(escaped(wanted) + "%", escape="\\")


def word_starts(column: ColumnElement[Any], wanted: str) -> ColumnElement[bool]:
    """A word of ``column`` starts with ``wanted`` (any case): 'smi' finds 'Ann Smith'."""
    start = escaped(wanted) + "%"
    return or_(column.ilike(start, escape="\\"), column.ilike("% " + start, escape="\\"))


def fuzzy_ids(
    connection: Connection,
    id_column: ColumnElement[int],
    columns: Sequence[ColumnElement[Any]],
    fts_table: str,
    wanted: str,
    limit: int,
) -> list[int]:
    """Ids of rows one of whose ``columns`` is like ``wanted``, the likest first (newest
    first among equals); none for fewer than 3 characters (no trigram). ``fts_table``
    is the SQLite FTS5 table over the same columns."""
    if len(wanted) < 3:
        return []
    if connection.dialect.name == "postgresql":
        return _fuzzy_postgresql(connection, id_column, columns, wanted, limit)
    return _fuzzy_sqlite(connection, fts_table, wanted, limit)


def _fuzzy_postgresql(
    connection: Connection,
    id_column: ColumnElement[int],
    columns: Sequence[ColumnElement[Any]],
    wanted: str,
    limit: int,
) -> list[int]:
    connection.execute(
        text("SELECT set_config('pg_trgm.word_similarity_threshold', :t, true)"),
        {"t": str(FUZZY_THRESHOLD)},
    )
    likeness = func.greatest(*(func.word_similarity(wanted, column) for column in columns))
    query = (
        select(id_column)
        .where(or_(*(column.op("%>")(wanted) for column in columns)))
        .order_by(likeness.desc(), id_column.desc())
        .limit(limit)
    )
    return [int(i) for i in connection.scalars(query)]


def _fuzzy_sqlite(connection: Connection, fts_table: str, wanted: str, limit: int) -> list[int]:
    padded = " " + wanted.lower().replace('"', "") + " "
    grams = sorted({padded[i : i + 3] for i in range(len(padded) - 2)})
    match = " OR ".join(f'"{gram}"' for gram in grams)
    rows = connection.execute(
        text(
            f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH :match "
            "ORDER BY rank, rowid DESC LIMIT :limit"
        ),
        {"match": match, "limit": limit},
    )
    return [int(row[0]) for row in rows]


def first_of_each(hits: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``hits`` (id, what matched) with each id once, where it first came."""
    seen: set[int] = set()
    kept = []
    for row_id, matched in hits:
        if row_id not in seen:
            seen.add(row_id)
            kept.append((row_id, matched))
    return kept

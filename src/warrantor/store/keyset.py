"""One keyset page of a query (issue #23, item 1): the rows sorting strictly after a
cursor's key, in the order of that key, ``limit`` of them.

The key's columns end with a unique one (an id), so no two rows share a key and a
row added between two pages lands before the cursor (not shown again) or after it
(shown once). Lists whose order runs one way on every column use the row-value
comparison ``(a, b, id) > (x, y, z)`` (both engines have it), which an index on
the same columns serves as a range scan. The cursor's values are bound with the
columns' own types (a time zone-aware instant stays one on SQLite).
``services.paging`` turns the key into the cursor a caller sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, tuple_


def page_limit(limit: int) -> Any:
    """``limit`` written into the statement (``Select.limit(page_limit(n))``), not sent as a
    parameter (issue #23, item 8): a prepared page's generic plan is then costed for
    ``limit`` rows, where a ``LIMIT $n`` costs it as if a tenth of the list were read,
    so PostgreSQL never kept it and planned every page anew (with a page's joins and
    subqueries, about as long as running it). Lists ask for a few page sizes, so few
    statements."""
    return bindparam("page_limit", limit, literal_execute=True)


def keyset_page(
    query: Select[Any],
    key: Sequence[ColumnElement[Any]],
    after: Sequence[Any] | None,
    limit: int,
    descending: bool = False,
) -> Select[Any]:
    """``query`` ordered by ``key`` (``descending``: newest first), from the row after
    ``after`` (``None``: the first page), at most ``limit`` rows."""
    if after is not None:
        if descending:
            query = query.where(tuple_(*key) < tuple(after))
        else:
            query = query.where(tuple_(*key) > tuple(after))
    order = [column.desc() for column in key] if descending else list(key)
    return query.order_by(*order).limit(page_limit(limit))

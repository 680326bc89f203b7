"""Cursor paging, one encoding for every list (issue #23, item 1).

A list is read a page at a time by keyset: each page ends with the sort key of
its last row, and the next page starts strictly after it (``WHERE (key...) >
(cursor...)``), so a row inserted meanwhile never shifts or repeats another, and
reading page 1,000 costs what page 1 does. The sort key travels as an opaque
cursor: the list's name and the key's values, JSON in URL-safe base64, tagged
with a short check so a cursor edited by hand, cut short or taken from another
list is refused as bad input naming ``cursor`` instead of read as some other
position. It carries no secret and grants nothing: the next page is read with
the same visibility rules as the first.

``Page`` is what a paged use case returns: the rows, the next page's cursor
(``None`` on the last), and the total when the list counts it exactly (queues:
a tab's count), else ``None`` (full-table lists, which say so).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from warrantor.errors import InvalidInput, Problem

T = TypeVar("T")

KeyValue = str | int | bool | date | datetime | None

MAX_PAGE = 1000
"""The most rows a page may ask for (``limit``)."""


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list."""

    items: list[T]
    next_cursor: str | None
    """Where the next page starts (``cursor=``), or ``None`` on the last page."""
    total: int | None = None
    """Every row the list holds, counted exactly; ``None`` when not counted."""


def _check(payload: bytes) -> str:
    return hashlib.blake2s(payload, digest_size=4).hexdigest()


def _plain(value: KeyValue) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def encode_cursor(list_name: str, key: Sequence[KeyValue]) -> str:
    """The cursor after the row whose sort key is ``key``, for the list ``list_name``."""
    payload = json.dumps([list_name, *(_plain(v) for v in key)], separators=(",", ":")).encode()
    raw = payload + b"~" + _check(payload).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


Shape = Sequence[type | tuple[type, ...]]
"""Each key value's type (a tuple: any of them, ``type(None)`` for a value that may be NULL)."""


def _parse(value: Any, kinds: tuple[type, ...]) -> KeyValue:
    for kind in kinds:
        if value is None and kind is type(None):
            return None
        if kind is datetime and isinstance(value, str):
            try:
                instant = datetime.fromisoformat(value)
            except ValueError:
                continue
            if instant.tzinfo is not None:
                return instant
        elif kind is date and isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                continue
        elif isinstance(value, bool | str | int) and type(value) is kind:  # a bool is no int
            return value
    raise ValueError(value)


def decode_cursor(list_name: str, cursor: str | None, shape: Shape) -> tuple[KeyValue, ...] | None:
    """The sort key a cursor of ``list_name`` stands for (``None`` for no cursor: page 1).

    ``InvalidInput`` naming ``cursor`` when it is not one this list handed out."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload, _, check = raw.rpartition(b"~")
        if check.decode() != _check(payload):
            raise ValueError("check")
        values = json.loads(payload)
        if not isinstance(values, list) or values[:1] != [list_name]:
            raise ValueError("list")
        if len(values) != len(shape) + 1:
            raise ValueError("length")
        kinds = [k if isinstance(k, tuple) else (k,) for k in shape]
        return tuple(_parse(v, k) for v, k in zip(values[1:], kinds, strict=True))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        message = f"cursor is not a page cursor of this list ({list_name}): {cursor[:40]!r}"
        raise InvalidInput(
            message, [Problem("is not a page cursor of this list", "cursor")]
        ) from None


def check_limit(limit: int, most: int = MAX_PAGE) -> None:
    """``InvalidInput`` naming ``limit`` unless it is 1 to ``most``."""
    if not 1 <= limit <= most:
        raise InvalidInput(f"limit must be 1 to {most}", [Problem(f"must be 1 to {most}", "limit")])


def page_of(
    rows: list[T],
    limit: int,
    list_name: str,
    key: Callable[[T], Sequence[KeyValue]],
    total: int | None = None,
) -> Page[T]:
    """A page from ``rows`` read with ``limit + 1``: the extra row only says there is more."""
    more = len(rows) > limit
    rows = rows[:limit]
    after = encode_cursor(list_name, key(rows[-1])) if more and rows else None
    return Page(rows, after, total)


def read_page(
    limit: int,
    cursor: str | None,
    list_name: str,
    shape: Shape,
    read: Callable[[tuple[KeyValue, ...] | None, int], list[T]],
    key: Callable[[T], Sequence[KeyValue]],
    count: Callable[[], int] | None = None,
    most: int = MAX_PAGE,
) -> Page[T]:
    """One page of a list, the steps every paged use case takes: ``limit`` checked (1 to
    ``most``), ``cursor`` decoded (``shape``: its key's types), ``read(after, limit + 1)``
    for the rows after it in the list's order, cut to the page; ``count``, when the list
    counts its rows exactly (a queue), gives the total."""
    check_limit(limit, most)
    after = decode_cursor(list_name, cursor, shape)
    return page_of(read(after, limit + 1), limit, list_name, key, count() if count else None)

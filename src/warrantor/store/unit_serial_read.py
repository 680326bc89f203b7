"""What the single check's two reads of one unit share: ``coverage_read`` (the unit with
its facts) and ``coverage_projected_read`` (the unit with its stored projection).

Both read the unit ``:serial`` of ``:brand`` as ``unit_query`` names it, with their own
columns and joins (``by_serial``); both count the public check against its client's rate
limit in the same statement on PostgreSQL (``counted``); and both answer ``read_counted``
the same way (``SerialReader``), each reading its own rows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Select, bindparam, func, select, true

from warrantor.store.rate_limits import RateLimitRepository, counting_cte
from warrantor.store.tables import brands, units
from warrantor.store.units import unit_query

Found = TypeVar("Found")


def by_serial(*columns: Any) -> Select[Any]:
    """``unit_query`` with ``columns`` added, for the unit ``:serial`` of ``:brand`` (to bind
    in lower case); the caller joins the tables the columns come from."""
    return (
        unit_query()
        .add_columns(*columns)
        .where(
            func.lower(brands.c.name) == bindparam("brand"), units.c.serial == bindparam("serial")
        )
    )


def counted(statement: Select[Any]) -> Select[Any]:
    """PostgreSQL: count a request (``store.rate_limits.counting_cte``) and run ``statement``,
    in one statement.

    One row per row of ``statement``, each with the count as ``checks_counted``;
    one row with every read column null when it finds nothing (the count still
    happens)."""
    hit = counting_cte()
    found = statement.subquery("found")
    return select(hit.c.count.label("checks_counted"), found).select_from(
        hit.outerjoin(found, true())
    )


class SerialReader(ABC, Generic[Found]):
    """Reads one unit, by brand and serial, and what comes with it, on one connection
    (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    @abstractmethod
    def read(self, brand: str, serial: str) -> Found | None:
        """The unit ``serial`` of ``brand`` (any letter case) and what comes with it, or None."""

    @abstractmethod
    def _read_counted(self, values: dict[str, Any]) -> tuple[Found | None, int]:
        """PostgreSQL: the counted statement's answer for ``values`` (those of ``by_serial``
        and ``counting_cte``), and the count it read."""

    def read_counted(
        self, brand: str, serial: str, key: str, window_start: datetime, amount: int = 1
    ) -> tuple[Found | None, int]:
        """``read``, and count ``amount`` requests for ``key`` in the window starting at
        ``window_start`` (``RateLimitRepository.hit``); returns what was read and the
        window's count including these.

        When and why: a public check is counted against its client's rate limit
        every time, and under load each round trip costs more than the decision.
        On PostgreSQL this is one statement (run it in autocommit, so the count
        commits as the statement ends); elsewhere the count, then the read, in the
        caller's transaction.
        """
        if self._connection.dialect.name != "postgresql":
            count = RateLimitRepository(self._connection).hit(key, window_start, amount)
            return self.read(brand, serial), count
        values = {
            "brand": brand.lower(),
            "serial": serial,
            "key": key,
            "window_start": window_start,
            "amount": amount,
        }
        return self._read_counted(values)

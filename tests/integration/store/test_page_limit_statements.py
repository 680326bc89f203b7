"""A list page's limit is written into its statement, not sent as a parameter (issue #23,
item 8): on PostgreSQL a prepared page's generic plan is then costed for that many rows,
so it can be kept instead of every page being planned anew. The units page and every
list paged by ``store.keyset.keyset_page``."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event, select

from warrantor.store.keyset import keyset_page
from warrantor.store.tables import brands
from warrantor.store.units import UnitFilter, filtered, unit_query


def sent(connection: Any, statement: Any) -> tuple[str, Any]:
    """The SQL text and parameters ``statement`` goes to the driver as (rows fetched)."""
    ran: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, text: str, parameters: Any, *_: Any) -> None:
        ran.append((text, parameters))

    event.listen(connection, "before_cursor_execute", keep)
    try:
        connection.execute(statement).all()
    finally:
        event.remove(connection, "before_cursor_execute", keep)
    return ran[0]


def assert_limit_written(text: str, parameters: Any, limit: int) -> None:
    assert re.search(rf"LIMIT {limit}\b", text), text
    values = parameters.values() if isinstance(parameters, dict) else parameters
    assert limit not in list(values), parameters


def test_a_units_page_writes_its_limit_into_the_statement(uow_factory: Any) -> None:
    with uow_factory(read_only=True) as uow:
        page = filtered(unit_query(), UnitFilter(limit=37, after=("QNAP", "Q0001")))
        text, parameters = sent(uow.connection, page)
    assert_limit_written(text, parameters, 37)
    assert "Q0001" in list(parameters.values() if isinstance(parameters, dict) else parameters)


def test_a_keyset_page_writes_its_limit_into_the_statement(uow_factory: Any) -> None:
    with uow_factory(read_only=True) as uow:
        page = keyset_page(select(brands.c.id, brands.c.name), [brands.c.name, brands.c.id],
                           ("Netac", 3), 41)  # fmt: skip
        text, parameters = sent(uow.connection, page)
    assert_limit_written(text, parameters, 41)

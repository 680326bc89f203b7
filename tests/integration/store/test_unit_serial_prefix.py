"""The unit search's prefix tier (issue #23, items 2 and 8): the start of a serial is a
range compared by code point (``store.unit_search``), so LIKE's ``%``, ``_`` and ``\\``
are plain characters, it merges with the model's words in the installed base's order
(brand, serial), the tiers stay exact > prefix > fuzzy, and over the whole base
PostgreSQL reads it from ``ix_search_units_serial_prefix`` (migration 0028), where a
``LIKE 'p%'`` read every unit. Both engines."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, seed
from sqlalchemy import event, select

from warrantor.services.installed_base.unit_search import search_visible_units
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.tables import brands
from warrantor.store.unit_search import UnitSearch, prefix_end


def qnap(serial: str, model: str = "TS-453 Pro", owner: str = "") -> dict[str, str]:
    return {"brand": "QNAP", "serial": serial, "model": model, "owner": owner,
            "country_of_purchase": "US", "purchased_on": "2026-02-01",
            "proof_of_purchase": f"INV-{serial}"}  # fmt: skip


@pytest.fixture
def base(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    seed(uow_factory, add_units)  # Q26DESK001/2 (QNAP, TS-453 Pro), N26DESK001 (Netac)
    summary = add_units([
        qnap("TS879"), qnap("TS8790"), qnap("TS879A"),
        qnap("QS2000", "TS-879 Pro"),  # its model is like "ts879": the fuzzy tier
        qnap("AB_1", owner="CUST-ANN"), qnap("ABX1", owner="CUST-ANN"),
        qnap("AB.1", owner="CUST-ANN"),
        qnap("PRO7"),  # its serial and its model's word "Pro" both start with "pro"
        {"brand": "Netac", "serial": "AB0", "model": "NV7000 2TB",
         "manufactured_on": "2025-10-01", "purchased_on": "2026-01-05",
         "country_of_purchase": "CN"},
    ])  # fmt: skip
    assert summary.rejected == 0


def found(uow_factory: UnitOfWorkFactory, text: str, actor: Any = AGENT) -> list[Any]:
    hits = search_visible_units(uow_factory, actor, text)
    return [(h.tier, h.matched, h.unit.serial) for h in hits]


def test_exact_before_prefix_before_fuzzy_over_the_whole_base(
    uow_factory: UnitOfWorkFactory, base: None
) -> None:
    hits = found(uow_factory, "ts879")
    assert hits[:4] == [
        ("exact", "serial", "TS879"),
        ("prefix", "serial", "TS8790"),
        ("prefix", "serial", "TS879A"),
        ("fuzzy", "model", "QS2000"),  # TS-879 Pro, the likest model
    ]
    assert {tier for tier, _, _ in hits[4:]} <= {"fuzzy"}


def test_serials_and_model_words_merge_by_brand_then_serial(
    uow_factory: UnitOfWorkFactory, base: None
) -> None:
    with uow_factory(read_only=True) as uow:
        brand_ids = dict(uow.connection.execute(select(brands.c.name, brands.c.id)).all())
    by_brand = sorted([("QNAP", "AB.1"), ("QNAP", "ABX1"), ("QNAP", "AB_1"), ("Netac", "AB0")],
                      key=lambda unit: (brand_ids[unit[0]], unit[1]))  # fmt: skip
    assert found(uow_factory, "ab") == [("prefix", "serial", s) for _, s in by_brand]
    qnaps = ["AB.1", "ABX1", "AB_1", "PRO7", "Q26DESK001", "Q26DESK002", "QS2000",
             "TS879", "TS8790", "TS879A"]  # fmt: skip
    assert found(uow_factory, "pro") == [
        ("prefix", "serial" if s == "PRO7" else "model", s) for s in qnaps
    ]


@pytest.mark.parametrize(
    ("text", "serials"),
    [("ab_", ["AB_1"]), ("ab%", []), ("a%", []), ("%", []), ("ab\\", []), ("_", []),
     ("ab.", ["AB.1"]), ("AB_1", ["AB_1"])],
)  # fmt: skip
def test_likes_wildcards_are_plain_characters_of_a_prefix(
    uow_factory: UnitOfWorkFactory, base: None, text: str, serials: list[str]
) -> None:
    with uow_factory(read_only=True) as uow:
        for account, relation in [(None, None), ("CUST-ANN", "owner")]:
            search = UnitSearch(uow.connection, account, relation)  # type: ignore[arg-type]
            hits = search.prefix(text, 20, set())
            shown = search.units([unit_id for unit_id, _ in hits])
            assert [shown[i].serial for i, _ in hits] == serials, (text, relation)
    assert [h for h in found(uow_factory, "ab_") if h[0] != "fuzzy"] == [
        ("prefix", "serial", "AB_1")
    ]
    assert [h for h in found(uow_factory, "ab_", ANN) if h[0] != "fuzzy"] == [
        ("prefix", "serial", "AB_1")
    ]


def test_a_prefix_ends_before_its_last_characters_next_one() -> None:
    assert prefix_end("AB") == "AC"
    assert prefix_end("A_") == "A`"
    assert prefix_end("A\U0010ffff") == "B"  # no character after the last: the one before's
    assert prefix_end("\U0010ffff") is None  # every string from it on
    assert prefix_end("A\ud7ff") == "A\ue000"  # surrogates are skipped


def test_the_whole_bases_serial_prefix_reads_its_index_on_postgresql(
    uow_factory: UnitOfWorkFactory, backend: str, base: None
) -> None:
    if backend != "postgresql":
        pytest.skip("the plan asked for is PostgreSQL's")
    ran: list[tuple[str, Any]] = []
    with uow_factory(read_only=True) as uow:
        connection = uow.connection

        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            ran.append((statement, parameters))

        event.listen(connection, "before_cursor_execute", keep)
        UnitSearch(connection, None, None).prefix("ts87", 20, set())
        event.remove(connection, "before_cursor_execute", keep)
        # a small table is read whole: ask for the plan the installed base gets
        for setting in ("enable_seqscan", "enable_bitmapscan"):
            connection.exec_driver_sql(f"SET LOCAL {setting} = off")
        statement, parameters = next(r for r in ran if "FROM units" in r[0])
        plan = "\n".join(
            r[0] for r in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        )
    assert "Index Scan using ix_search_units_serial_prefix on units" in plan, plan
    assert "Index Cond: ((brand_id = brands.id) AND" in plan, plan
    assert "Filter" not in plan, plan

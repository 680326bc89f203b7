"""A record's state is written only by its lifecycle: the machine's ``Step``, nothing else.

The RMA's state and the status of quotes, orders and unauthorized parcels
are columns the store writes only from a ``Step`` (``step.to_state``), and
only ``domain/lifecycle.py`` makes a ``Step`` (``begin``, ``advance``). A
value other than a step's written into one of those columns, an order's or
quote's status passed by hand, or a ``Step`` built anywhere else fails here,
naming the line.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src" / "warrantor"
LIFECYCLE = Path("domain") / "lifecycle.py"
STATE_TABLES = frozenset({"rmas", "extension_quotes", "extension_orders", "rma_parcels"})
STATE_COLUMNS = frozenset({"state", "status"})


def _names_in_chain(node: ast.expr) -> set[str]:
    """The names a ``<table>.update().where(...)`` or ``update(<table>)`` chain starts from."""
    names: set[str] = set()
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            names |= {arg.id for arg in node.args if isinstance(arg, ast.Name)}
            node = node.func
        else:
            break
    if isinstance(node, ast.Name):
        names.add(node.id)
    return names


def _from_a_step(value: ast.expr) -> bool:
    return isinstance(value, ast.Attribute) and value.attr == "to_state"


def _a_status(value: ast.expr) -> bool:
    """``OrderStatus.PAID`` and the like: a status named by hand (``.value`` reads are fine)."""
    return (
        isinstance(value, ast.Attribute)
        and isinstance(value.value, ast.Name)
        and value.value.id in {"OrderStatus", "QuoteStatus"}
    )


def _writes(path: Path, root: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    relative = path.relative_to(root)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        where = f"{relative}:{node.lineno}"
        func = node.func
        if isinstance(func, ast.Name) and func.id == "Step" and relative != LIFECYCLE:
            found.append(f"{where} builds a Step outside domain/lifecycle.py")
        if isinstance(func, ast.Attribute) and func.attr == "values":
            tables = _names_in_chain(func.value) & STATE_TABLES
            for keyword in node.keywords:
                if tables and keyword.arg in STATE_COLUMNS and not _from_a_step(keyword.value):
                    table = ", ".join(sorted(tables))
                    found.append(f"{where} writes {table}.{keyword.arg} without a Step")
        arguments = [*node.args, *(k.value for k in node.keywords)]
        found += [f"{where} passes {ast.unparse(a)} by hand" for a in arguments if _a_status(a)]
    return sorted(found, key=lambda w: (int(w.split(":")[1].split()[0]), w))


def test_state_columns_are_written_only_from_a_machines_step() -> None:
    writes = [w for path in sorted(SRC.rglob("*.py")) for w in _writes(path)]
    assert writes == [], "go through the record's lifecycle:\n" + "\n".join(writes)


def test_the_check_sees_each_kind_of_direct_write(tmp_path: Path) -> None:
    probe = tmp_path / "store" / "probe.py"
    probe.parent.mkdir()
    probe.write_text(
        "def close(connection, order_id, step):\n"
        "    connection.execute(update(extension_orders).values(status='paid'))\n"
        "    connection.execute(extension_quotes.update().values(status=QuoteStatus.PAID.value))\n"
        "    orders.close(order_id, OrderStatus.PAID)\n"
        "    connection.execute(rma_parcels.insert().values(status=step.to_state))\n"
        "    return Step('pay', 'awaiting_payment', 'paid')\n"
    )

    assert _writes(probe, tmp_path) == [
        "store/probe.py:2 writes extension_orders.status without a Step",
        "store/probe.py:3 writes extension_quotes.status without a Step",
        "store/probe.py:4 passes OrderStatus.PAID by hand",
        "store/probe.py:6 builds a Step outside domain/lifecycle.py",
    ]

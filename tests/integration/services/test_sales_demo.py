"""The sales demo: price lists for each sellable QNAP period, paid orders, a balance."""

from __future__ import annotations

import time

from warrantor.bootstrap import Runtime
from warrantor.demo import sales as demo_sales
from warrantor.demo.seed import load_demo
from warrantor.domain.actors import Actor
from warrantor.services.sales.quotes import balances


def test_the_sales_demo_prices_sells_and_leaves_a_balance(runtime: Runtime) -> None:
    load_demo(runtime.uow_factory, runtime.book, runtime.clock, units=2000, seed=7)

    started = time.perf_counter()
    lines = demo_sales.load(runtime)
    seconds = time.perf_counter() - started

    with runtime.uow_factory() as uow:
        prices = uow.extensions.prices.find(brand="QNAP")
        orders = uow.extensions.orders.find()
    assert {(p.product_line, p.years) for p in prices} >= {("TS-x53", 3), ("TS-x79", 2)}
    assert all("demo figure" in p.note for p in prices)
    paid = [o for o in orders if o.status.value == "paid"]
    assert paid and all(o.certificate_number for o in paid)
    (balance,) = balances(runtime.uow_factory, runtime.book, Actor.operator())
    assert balance.assigned >= 1 and balance.remaining == 2
    assert any("balance 2" in line for line in lines)
    assert demo_sales.load(runtime) == ["Sales demo: price lists already present, nothing added."]
    print(f"sales demo took {seconds:.2f} s")

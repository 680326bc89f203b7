"""The sales demo: price lists for each sellable QNAP period, paid orders, a balance."""

from __future__ import annotations

import time

from warrantor.bootstrap import Runtime
from warrantor.demo import sales as demo_sales
from warrantor.demo import users as demo_users
from warrantor.demo.seed import load_demo
from warrantor.domain.actors import Actor, Role
from warrantor.services.access.sessions import actor_of, authenticate
from warrantor.services.sales.orders import list_orders
from warrantor.services.sales.quote_assignments import balances
from warrantor.services.sales.quotes import list_quotes


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


def test_the_demo_distributor_is_north_american_and_its_portal_has_something_to_show(
    runtime: Runtime,
) -> None:
    load_demo(runtime.uow_factory, runtime.book, runtime.clock, units=2000, seed=7)
    demo_users.load(runtime)
    demo_sales.load(runtime)

    code = demo_users.showcase_distributor(runtime)
    with runtime.uow_factory() as uow:
        account = uow.accounts.get(code or "")
    assert account is not None and account.country in ("US", "CA")  # QNAP sells extensions there
    user = authenticate(
        runtime.uow_factory,
        demo_users.demo_email(Role.DISTRIBUTOR),
        demo_users.demo_password(Role.DISTRIBUTOR),
        runtime.clock.now(),
    )
    dist = actor_of(user)
    assert dist.account_code == code
    assert list_quotes(runtime.uow_factory, dist)
    (balance,) = balances(runtime.uow_factory, runtime.book, dist)
    assert balance.remaining == 2 and balance.assigned >= 1  # certificates for those assigned
    orders = list_orders(runtime.uow_factory, dist)
    assert orders and all(o.certificate_number for o in orders if o.status.value == "paid")

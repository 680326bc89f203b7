"""The demo's RMAs: across the desk's states, some late, unauthorized returns; loaded once."""

from __future__ import annotations

from collections import Counter

from warrantor.bootstrap import Runtime
from warrantor.demo import rmas as demo_rmas
from warrantor.demo.seed import load_demo
from warrantor.domain.actors import Actor
from warrantor.services.rma.queues import RmaQuery, late_rmas, list_rmas
from warrantor.services.rma.unauthorized import page_unauthorized

ADMIN = Actor.operator()


def test_the_demo_fills_every_desk_state_with_some_late_and_loads_once(runtime: Runtime) -> None:
    load_demo(runtime.uow_factory, runtime.book, runtime.clock, units=3000)

    lines = demo_rmas.load(runtime)
    now = runtime.clock.now()
    rmas = list_rmas(runtime.uow_factory, ADMIN, RmaQuery(limit=1000), now)
    states = Counter(r.state for r in rmas)

    assert 25 <= len(rmas) <= 35
    assert set(states) == {
        "requested",
        "troubleshooting",
        "resolved_remotely",
        "documents_validated",
        "awaiting_unit",
        "received",
        "cancelled",
        "rejected",
    }
    assert {r.brand for r in rmas} == {"QNAP", "Netac"}
    late = late_rmas(runtime.uow_factory, ADMIN, now)
    assert {r.state for r in late} == {"documents_validated", "received"}
    assert all(r.opened_at <= now for r in rmas)
    held = page_unauthorized(runtime.uow_factory, ADMIN).items
    assert len(held) == 3
    assert all(p.costs for p in held)
    assert lines[0].startswith(f"RMAs: {len(rmas)} at the desk")

    assert demo_rmas.load(runtime) == ["RMAs: some exist already; none added"]

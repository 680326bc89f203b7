"""The workshop demo: RMAs inspected, decided, repaired and replaced by the real use cases."""

from __future__ import annotations

from typing import Any

from warrantor.demo import rmas as demo_rmas
from warrantor.demo import users as demo_users
from warrantor.demo import workshop as demo_workshop
from warrantor.demo.seed import load_demo
from warrantor.services.installed_base.check import check_serial
from warrantor.smart import read_smartctl_json
from warrantor.store.rmas import RmaFilter


def test_the_generated_smart_report_reads_like_a_real_one() -> None:
    text = demo_workshop.smartctl_nvme_report("NT0001", "Netac NV3000 1TB", 1_000_000, 321)

    reading = read_smartctl_json(text)

    assert reading.bytes_written == 1_000_000 * 512_000
    assert (reading.serial_number, reading.power_on_hours) == ("NT0001", 321)


def test_the_demo_takes_rmas_through_the_workshop(runtime: Any) -> None:
    load_demo(runtime.uow_factory, runtime.book, runtime.clock, units=300)
    demo_users.load(runtime)
    demo_rmas.load(runtime)

    lines = demo_workshop.load(runtime)

    assert lines[0].startswith("Workshop: 5 RMAs")
    with runtime.uow_factory() as uow:
        rmas = uow.rmas.list(RmaFilter(limit=10_000))
        records = {r.id: uow.workshop.record(r.id) for r in rmas}
    states = {r.state for r in rmas if records[r.id].decisions or records[r.id].smart_reports}
    assert {"ready_to_ship", "quote_pending"} <= states
    replacements = [x for rec in records.values() for x in rec.replacements]
    assert {r.brand for r in replacements} == {"QNAP", "Netac"}
    ssd = next(r for r in replacements if r.brand == "Netac")
    assert ssd.carried_bytes_written == 180 * 10**12
    result = check_serial(
        runtime.uow_factory,
        runtime.book,
        ssd.replacement_serial,
        runtime.clock.now().date(),
        "Netac",
    )
    assert result.decision.usage is not None and result.decision.usage.used_bytes == 180 * 10**12
    assert any(r.needs_attention for r in rmas)
    with runtime.uow_factory() as uow:  # customers by their accounts' names, not codes
        names = {r.customer: uow.accounts.get(r.customer).name for r in rmas if r.customer}
        timelines = [(r, t) for r in rmas for t in uow.rmas.timeline(r.id)[:1]]
    decided = [r for r in rmas if records[r.id].decisions and r.customer]
    assert decided and all(r.contact_name == names[r.customer] for r in decided)
    assert all(r.customer not in r.contact_name for r in rmas if r.customer)
    assert all(t.actor.startswith(names[r.customer]) for r, t in timelines if r.customer)
    assert demo_workshop.load(runtime) == ["Workshop: decisions exist already; none added"]

"""Demo data: inspected, decided, repaired and replaced RMAs (issue #5).

Called by ``demo_activity.load_activity`` after the installed base is loaded
(and after the desk's demo RMAs). Each RMA is opened and received through the
desk's use cases, then taken through the workshop's own, at instants in the
recent past relative to the runtime's clock:

- a QNAP NAS covered by its warranty, a fan replaced, repair finished;
- a QNAP NAS found mishandled: not covered, a paid-repair quote waiting;
- a QNAP NAS replaced by a reconditioned unit with its own serial;
- a Netac SSD with a SMART report, covered, replaced by a new drive that
  keeps the TBW left on the old one;
- a Netac SSD whose SMART upload was not smartctl JSON: flagged for a person.

The SMART report is generated, shaped like real ``smartctl --json -a`` output
of an NVMe drive (tests/fixtures/smartctl/scrutiny__smart-nvme.json), with the
unit's own serial, so the demo needs no data file. Units are ones the desk's
demo left without an RMA. Nothing is added when workshop records exist.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

from warrantor.bootstrap import Runtime
from warrantor.demo.rmas import account_name
from warrantor.domain.actors import Actor, Role
from warrantor.domain.units import Unit
from warrantor.errors import InvalidInput
from warrantor.policy.desk_rules import first_contact
from warrantor.policy.facts import Facts
from warrantor.policy.rma_desk import policy_for
from warrantor.services.rma.decision import QuoteInput, decide
from warrantor.services.rma.documents import validate_documents
from warrantor.services.rma.events import send_event
from warrantor.services.rma.inspection import record_findings, upload_smart
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.opening import RmaRequest, open_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.rma.repair import PartInput, finish_repair, record_parts, replace_unit
from warrantor.store.rmas import RmaFilter
from warrantor.store.units import UnitFilter

AGENT = Actor(Role.AGENT, "AGENT-DEMO", name="Demo Support Agent")
TECHNICIAN = Actor(Role.TECHNICIAN, "TECH-DEMO", name="Demo Technician")

NVME_DATA_UNIT = 512_000


def smartctl_nvme_report(serial: str, model: str, data_units_written: int, hours: int) -> str:
    """A ``smartctl --json -a`` report of an NVMe drive, shaped like a real one."""
    document = {
        "json_format_version": [1, 0],
        "smartctl": {
            "version": [7, 3],
            "svn_revision": "5338",
            "platform_info": "x86_64-linux-6.1.0-13-amd64",
            "build_info": "(local build)",
            "argv": ["smartctl", "--json", "-a", "/dev/nvme0"],
            "exit_status": 0,
        },
        "device": {
            "name": "/dev/nvme0",
            "info_name": "/dev/nvme0",
            "type": "nvme",
            "protocol": "NVMe",
        },
        "model_name": model,
        "serial_number": serial,
        "firmware_version": "V0808A0",
        "smart_status": {"passed": True, "nvme": {"value": 0}},
        "nvme_smart_health_information_log": {
            "critical_warning": 0,
            "temperature": 41,
            "available_spare": 100,
            "available_spare_threshold": 10,
            "percentage_used": 31,
            "data_units_read": data_units_written * 2,
            "data_units_written": data_units_written,
            "host_reads": data_units_written * 24,
            "host_writes": data_units_written * 19,
            "controller_busy_time": hours // 3,
            "power_cycles": 412,
            "power_on_hours": hours,
            "unsafe_shutdowns": 17,
            "media_errors": 3,
            "num_err_log_entries": 9,
        },
        "power_cycle_count": 412,
        "power_on_time": {"hours": hours},
    }
    return json.dumps(document, indent=2)


def load(runtime: Runtime) -> list[str]:
    """Add this area's demo records; returns summary lines for ``warrantor demo`` to print."""
    with runtime.uow_factory() as uow:
        busy = {(r.brand, r.serial) for r in uow.rmas.list(RmaFilter(limit=10_000))}
        if any(uow.workshop.decisions(r.id) for r in uow.rmas.list(RmaFilter(limit=10_000))):
            return ["Workshop: decisions exist already; none added"]
        free = [
            u
            for country in ("US", "CA")
            for u in reversed(uow.units.list(UnitFilter(brand="QNAP", country=country, limit=400)))
            if u.owner
            and u.proof_of_purchase
            and not u.voiding_findings
            and (u.brand, u.serial) not in busy
        ]
        ssds = [
            u
            for u in reversed(uow.units.list(UnitFilter(brand="Netac", country="CN", limit=400)))
            if u.proof_of_purchase
            and not u.voiding_findings
            and u.model.startswith("NV")
            and (u.brand, u.serial) not in busy
        ]
    now = runtime.clock.now()
    lines: list[str] = []
    plans: list[tuple[list[Unit], bool, Callable[[Runtime, str, Unit, datetime], str]]] = [
        (free, True, _covered_fan),
        (free, False, _quoted),
        (free, True, _replaced_nas),
        (ssds, True, _replaced_ssd),
        (ssds, False, _unreadable_smart),
    ]
    for days, (pool, needs_cover, plan) in enumerate(plans, start=3):
        at = now - timedelta(days=days)
        unit = next((u for u in pool if not needs_cover or _in_force(runtime, u, at)), None)
        if unit is None:
            continue
        pool.remove(unit)
        ref = _received(runtime, unit, at)
        lines.append(plan(runtime, ref, unit, at + timedelta(hours=20)))
    return [f"Workshop: {len(lines)} RMAs inspected and decided", *(f"  {x}" for x in lines)]


def _in_force(runtime: Runtime, unit: Unit, at: datetime) -> bool:
    """Whether a coverage of the unit is in force on the day (so a claim can be covered)."""
    decision = runtime.book.evaluate(Facts(unit=unit, on=at.date()))
    return decision.applies is not None and not decision.voided


def _received(runtime: Runtime, unit: Unit, at: datetime) -> str:
    """An RMA on ``unit`` opened ``at`` and taken through the desk to ``received``."""
    factory, book = runtime.uow_factory, runtime.book
    owner_name = account_name(runtime, unit.owner)  # people by their names, not codes
    owner = Actor(Role.CUSTOMER, unit.owner, name=owner_name) if unit.owner else AGENT
    request = RmaRequest(
        serial=unit.serial,
        brand=unit.brand,
        symptom="fails under load" if unit.brand == "Netac" else "does not power on",
        contact_name=owner_name or f"Customer of {unit.serial}",
        contact_email=f"{(unit.owner or 'customer').lower()}@example.com",
        backup_acknowledged=True,
        proof_of_purchase=unit.proof_of_purchase,
        service_country=unit.country_of_purchase,
    )
    rma = open_rma(factory, book, owner, request, at)
    if first_contact(policy_for(book, unit.brand)).troubleshooting_first:  # issue 19
        send_event(factory, AGENT, rma.id, "start_troubleshooting", "remote session", at)
    validate_documents(factory, book, AGENT, rma.id, at + timedelta(hours=1))
    number = issue_number(factory, book, AGENT, rma.id, at + timedelta(hours=2)).rma.number
    assert number is not None
    arrival = ParcelArrival(rma_number=number, carrier="UPS", tracking=f"1ZW{rma.id:07d}")
    receive_parcel(factory, book, TECHNICIAN, arrival, at + timedelta(hours=18))
    return number


def _covered_fan(runtime: Runtime, ref: str, unit: Unit, at: datetime) -> str:
    factory, book, keys = runtime.uow_factory, runtime.book, runtime.keys
    record_findings(factory, book, TECHNICIAN, ref, [], at, note="fan bearing worn")
    result = decide(factory, book, keys, TECHNICIAN, ref, at, part_claimed="fan")
    if result.state != "repairing":
        raise InvalidInput(f"{unit.serial}: {result.decision.summary}")
    record_parts(factory, book, TECHNICIAN, ref, [PartInput("fan", part_number="FAN-92MM")], at)
    finish_repair(factory, book, TECHNICIAN, ref, at + timedelta(hours=3))
    return f"{ref} ({unit.serial}): covered, fan replaced, ready to ship"


def _quoted(runtime: Runtime, ref: str, unit: Unit, at: datetime) -> str:
    factory, book, keys = runtime.uow_factory, runtime.book, runtime.keys
    record_findings(factory, book, TECHNICIAN, ref, ["mishandled"], at, note="dented chassis")
    quote = QuoteInput(14900, "USD" if unit.country_of_purchase == "US" else "CAD", "new board")
    decide(factory, book, keys, TECHNICIAN, ref, at, quote=quote)
    return f"{ref} ({unit.serial}): not covered (mishandled), paid-repair quote waiting"


def _replaced_nas(runtime: Runtime, ref: str, unit: Unit, at: datetime) -> str:
    factory, book, keys = runtime.uow_factory, runtime.book, runtime.keys
    record_findings(factory, book, TECHNICIAN, ref, [], at)
    result = decide(factory, book, keys, TECHNICIAN, ref, at)
    if result.state != "repairing":
        raise InvalidInput(f"{unit.serial}: {result.decision.summary}")
    new_serial = f"{unit.serial[:60]}R1"
    replace_unit(
        factory,
        book,
        keys,
        TECHNICIAN,
        ref,
        new_serial,
        at,
        condition="reconditioned",
        note="mainboard failure; replaced from refurbished stock",
    )
    finish_repair(factory, book, TECHNICIAN, ref, at + timedelta(hours=2))
    return f"{ref} ({unit.serial}): replaced by reconditioned {new_serial}"


def _replaced_ssd(runtime: Runtime, ref: str, unit: Unit, at: datetime) -> str:
    factory, book, keys = runtime.uow_factory, runtime.book, runtime.keys
    written = 180 * 10**12  # 180 TB written by the failing drive
    report = smartctl_nvme_report(
        unit.serial, f"Netac {unit.model}", written // NVME_DATA_UNIT, 9124
    )
    upload_smart(factory, book, TECHNICIAN, ref, "smartctl-nvme0.json", report, at)
    result = decide(factory, book, keys, TECHNICIAN, ref, at + timedelta(minutes=30))
    if result.state != "repairing":
        raise InvalidInput(f"{unit.serial}: {result.decision.summary}")
    new_serial = f"{unit.serial[:60]}R1"
    replace_unit(factory, book, keys, TECHNICIAN, ref, new_serial, at + timedelta(hours=1))
    finish_repair(factory, book, TECHNICIAN, ref, at + timedelta(hours=2))
    return f"{ref} ({unit.serial}): 180 TB written, replaced by {new_serial} (keeps the TBW left)"


def _unreadable_smart(runtime: Runtime, ref: str, unit: Unit, at: datetime) -> str:
    text = "smartctl 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0] (local build)\n"
    try:
        upload_smart(runtime.uow_factory, runtime.book, TECHNICIAN, ref, "smartctl.txt", text, at)
    except InvalidInput:
        return f"{ref} ({unit.serial}): SMART upload was plain text: flagged for a person"
    return f"{ref} ({unit.serial}): SMART upload read"

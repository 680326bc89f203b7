"""Demo data: RMAs across the desk's states, some late, and unauthorized returns (issue #5).

Called by ``demo_activity.load_activity`` after the installed base is loaded.
Every RMA is made through the real use cases (open, troubleshoot, validate,
issue, receive, cancel, reject, resolve), at instants in the recent past
relative to the runtime's clock, so the due dates are the policy's and some
steps are late today. Units are the demo base's QNAP units bought in the
USA or Canada with a proof of purchase and an owner, and Netac units bought
in China. Nothing is added when RMAs exist already.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.domain.units import Unit
from warrantor.services.rma.documents import validate_documents
from warrantor.services.rma.events import add_note, send_event
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.opening import RmaRequest, open_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.rma.unauthorized import record_cost
from warrantor.store.rmas import RmaFilter
from warrantor.store.units import UnitFilter
from warrantor.views.names import rma_state

AGENT = Actor(Role.AGENT, "AGENT-DEMO", name="Demo Support Agent")
TECHNICIAN = Actor(Role.TECHNICIAN, "TECH-DEMO", name="Demo Technician")

SYMPTOMS = (
    "does not power on",
    "one drive bay is not detected",
    "fan is loud and the unit overheats",
    "reboots every few hours",
    "network port has no link",
    "drive not recognised by the BIOS",
    "write speed dropped to a few MB/s",
    "SMART reports media errors",
)


@dataclass(frozen=True, slots=True)
class _Plan:
    """How far one demo RMA goes: its last step and how many days ago it was taken."""

    last_step: str
    days_ago: float


# Steps in order; a plan stops after ``last_step``. Days are counted back from now.
QNAP_PLANS = (
    _Plan("requested", 0.2),
    _Plan("requested", 1),
    _Plan("troubleshooting", 0.5),
    _Plan("troubleshooting", 2),
    _Plan("resolved_remotely", 6),
    _Plan("documents_validated", 0.3),
    _Plan("documents_validated", 1),
    _Plan("documents_validated", 6),  # late: the number was due within two business days
    _Plan("documents_validated", 9),  # late
    _Plan("awaiting_unit", 2),
    _Plan("awaiting_unit", 5),
    _Plan("awaiting_unit", 12),
    _Plan("received", 1),
    _Plan("received", 4),
    _Plan("received", 15),  # late: the repair was due within 7 working days
    _Plan("received", 20),  # late
    _Plan("cancelled", 3),
    _Plan("rejected", 4),
)
NETAC_PLANS = (
    _Plan("requested", 0.5),
    _Plan("troubleshooting", 1),
    _Plan("documents_validated", 2),
    _Plan("awaiting_unit", 3),
    _Plan("awaiting_unit", 8),
    _Plan("received", 2),
    _Plan("received", 10),
    _Plan("resolved_remotely", 5),
    _Plan("cancelled", 6),
    _Plan("rejected", 3),
)

ORDER = (
    "requested",
    "troubleshooting",
    "documents_validated",
    "awaiting_unit",
    "received",
)


def load(runtime: Runtime) -> list[str]:
    """Add this area's demo records; returns summary lines for ``warrantor demo`` to print."""
    with runtime.uow_factory() as uow:
        if uow.rmas.list(RmaFilter(limit=1)):
            return ["RMAs: some exist already; none added"]
        qnap = [
            u
            for country in ("US", "CA")
            for u in uow.units.list(UnitFilter(brand="QNAP", country=country, limit=400))
            if u.owner and u.proof_of_purchase and not u.voiding_findings
        ]
        netac = [
            u
            for u in uow.units.list(UnitFilter(brand="Netac", country="CN", limit=400))
            if u.proof_of_purchase and not u.voiding_findings
        ]
    now = runtime.clock.now()
    states: Counter[str] = Counter()
    for index, (unit, plan) in enumerate(
        [*zip(qnap, QNAP_PLANS, strict=False), *zip(netac, NETAC_PLANS, strict=False)]
    ):
        states[_make(runtime, unit, plan, index, now)] += 1
    unauthorized = _unauthorized(runtime, now)
    shown = ", ".join(  # each state by its name ("waiting for the unit"), not its code
        f"{count} {rma_state(state).lower()}" for state, count in sorted(states.items())
    )
    return [
        f"RMAs: {sum(states.values())} at the desk ({shown})",
        f"Unauthorized returns: {unauthorized} held, costs charged to their senders",
    ]


def account_name(runtime: Runtime, code: str | None) -> str:
    """An account's name ("Acme Media Lab"), or its code when it has none."""
    if code is None:
        return ""
    with runtime.uow_factory() as uow:
        account = uow.accounts.get(code)
    return account.name if account is not None else code


def _make(runtime: Runtime, unit: Unit, plan: _Plan, index: int, now: datetime) -> str:
    """Take one unit's RMA through the desk up to ``plan.last_step``; returns its state."""
    book, factory = runtime.book, runtime.uow_factory
    at = now - timedelta(days=plan.days_ago)
    owner_name = account_name(runtime, unit.owner)  # people by their names, not codes
    customer = Actor(Role.CUSTOMER, unit.owner, name=owner_name) if unit.owner else AGENT
    opener = customer if unit.owner else AGENT
    request = RmaRequest(
        serial=unit.serial,
        brand=unit.brand,
        symptom=SYMPTOMS[index % len(SYMPTOMS)],
        contact_name=owner_name or f"Customer of {unit.serial}",
        contact_email=f"{(unit.owner or 'customer').lower()}@example.com",
        backup_acknowledged=True,
        proof_of_purchase=unit.proof_of_purchase,
        service_country=unit.country_of_purchase,
    )
    rma = open_rma(factory, book, opener, request, at)
    ref = rma.id
    steps: dict[str, Callable[[datetime], object]] = {
        "troubleshooting": lambda t: send_event(
            factory, AGENT, ref, "start_troubleshooting", "called the customer", t
        ),
        "documents_validated": lambda t: validate_documents(factory, book, AGENT, ref, t),
        "awaiting_unit": lambda t: issue_number(factory, book, AGENT, ref, t),
        "received": lambda t: _receive(runtime, ref, t),
    }
    if plan.last_step in ("resolved_remotely", "cancelled", "rejected"):
        return _end(runtime, ref, plan.last_step, opener, at)
    for offset, step in enumerate(ORDER[1 : ORDER.index(plan.last_step) + 1], start=1):
        # each later step a few hours after the one before, never after now
        when = min(at + timedelta(hours=3 * offset), now)
        steps[step](when)
        if step == "troubleshooting":
            add_note(factory, AGENT, ref, "asked for logs and a firmware update", when)
    return plan.last_step


def _receive(runtime: Runtime, rma_id: int, at: datetime) -> None:
    with runtime.uow_factory() as uow:
        rma = uow.rmas.get(rma_id)
    assert rma is not None and rma.number is not None
    receive_parcel(
        runtime.uow_factory,
        runtime.book,
        TECHNICIAN,
        ParcelArrival(rma_number=rma.number, carrier="UPS", tracking=f"1Z{rma_id:08d}"),
        at,
    )


def _end(runtime: Runtime, rma_id: int, how: str, opener: Actor, at: datetime) -> str:
    factory = runtime.uow_factory
    later = at + timedelta(hours=2)
    if how == "resolved_remotely":
        send_event(factory, AGENT, rma_id, "start_troubleshooting", "remote session", at)
        send_event(factory, AGENT, rma_id, "resolve_remotely", "fixed by a firmware update", later)
    elif how == "cancelled":
        send_event(factory, opener, rma_id, "cancel", "the customer found a loose cable", later)
    else:
        send_event(factory, AGENT, rma_id, "reject", "the fault is in the customer's network", at)
    return how


def _unauthorized(runtime: Runtime, now: datetime) -> int:
    arrivals = [
        ParcelArrival(
            brand="QNAP",
            sender_name="Unknown sender, Portland OR",
            sender_contact="return address on the label",
            carrier="FedEx",
            tracking="FX7749001",
            note="no paperwork in the box",
        ),
        ParcelArrival(
            rma_number="QNAP-2019-000042",
            brand="QNAP",
            sender_name="R. Alvarez",
            sender_contact="r.alvarez@example.com",
            carrier="USPS",
            tracking="9400111899",
        ),
        ParcelArrival(
            brand="Netac",
            sender_name="Li Wei",
            sender_contact="li.wei@example.com",
            carrier="SF Express",
            tracking="SF1024",
        ),
    ]
    for days, (arrival, fee) in enumerate(zip(arrivals, (2500, 1800, 3000), strict=True), 3):
        received = receive_parcel(
            runtime.uow_factory, runtime.book, TECHNICIAN, arrival, now - timedelta(days=days)
        )
        currency = "CNY" if arrival.brand == "Netac" else "USD"
        record_cost(
            runtime.uow_factory, TECHNICIAN, received.parcel.id, "handling", fee, currency, now
        )
    return len(arrivals)

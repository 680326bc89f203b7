"""An RMA and its lifecycle: one strict state machine, declared here and nowhere else.

The desk (opening, troubleshooting, documents, numbers, receiving, return
shipping) and the workshop (inspection, decision, repair, quotes) move an
RMA only through :func:`rma_step`, which runs :class:`RmaMachine`; opening
one is the machine's creation event (:func:`opening_step`). An event the
current state does not allow, or one whose guard fails, raises ``Conflict``
naming the state and the event; nothing changes. The shared mechanics (the
``Step`` the store writes from) are in ``domain.lifecycle``.

Guards are named after methods of :class:`Rma` (``has_proof_of_purchase``,
``backup_acknowledged``, ``has_number``): the machine gets the RMA as a
listener, so the library resolves each guard name on the RMA itself.

Who may send which event is declared here too (:func:`may_send`), so every
entry point gets the same answer. Pure: no store, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from statemachine import State, StateMachine

from warrantor.domain.actors import Actor, Role
from warrantor.domain.lifecycle import Step, advance, begin, events_of, sources, stored_states
from warrantor.errors import N_, Conflict, Named

DOCUMENT_GUARDS = ["backup_acknowledged", "has_proof_of_purchase"]
RECEIVE_GUARDS = ["has_number"]


class RmaMachine(StateMachine):
    """The RMA lifecycle (see ``notes/rma_contract.md``); strict: an illegal event raises."""

    opening = State(initial=True)
    """An RMA being opened: never stored."""
    requested = State()
    troubleshooting = State()
    resolved_remotely = State(final=True)
    documents_validated = State()
    awaiting_unit = State()
    received = State()
    inspecting = State()
    repairing = State()
    quote_pending = State()
    ready_to_ship = State()
    shipped = State()
    closed = State(final=True)
    cancelled = State(final=True)
    rejected = State(final=True)

    open = opening.to(requested)
    start_troubleshooting = requested.to(troubleshooting)
    # Where the policy makes troubleshooting the first step (``service_channel``'s first
    # contact, issue 19), an agent may skip it with a reason: a step on the timeline that
    # leaves the RMA requested, after which its documents may be validated.
    skip_troubleshooting = requested.to(requested)
    resolve_remotely = troubleshooting.to(resolved_remotely)
    validate_documents = requested.to(documents_validated, cond=DOCUMENT_GUARDS) | (
        troubleshooting.to(documents_validated, cond=DOCUMENT_GUARDS)
    )
    issue_number = documents_validated.to(awaiting_unit)
    receive = awaiting_unit.to(received, cond=RECEIVE_GUARDS)
    start_inspection = received.to(inspecting)
    decide_covered = inspecting.to(repairing)
    decide_not_covered = inspecting.to(quote_pending)
    # Covered, but the policy's charges rule leaves parts or labour to the customer (issue 19):
    # the repair waits for the customer's answer to a quote, as a paid one does.
    decide_covered_charged = inspecting.to(quote_pending)
    accept_quote = quote_pending.to(repairing)
    decline_quote = quote_pending.to(ready_to_ship)
    finish_repair = repairing.to(ready_to_ship)
    ship = ready_to_ship.to(shipped)
    close = shipped.to(closed)
    cancel = (
        requested.to(cancelled)
        | troubleshooting.to(cancelled)
        | documents_validated.to(cancelled)
        | awaiting_unit.to(cancelled)
    )
    # Rejected in any state before shipping (issue 19), e.g. a counterfeit found at inspection:
    # ``reject`` ends the RMA (nothing was sent, or the maker retains the unit);
    # ``reject_and_return`` sends a unit in hand back unrepaired (ship, then close).
    reject = (
        requested.to(rejected)
        | troubleshooting.to(rejected)
        | documents_validated.to(rejected)
        | awaiting_unit.to(rejected)
        | received.to(rejected)
        | inspecting.to(rejected)
        | repairing.to(rejected)
        | quote_pending.to(rejected)
        | ready_to_ship.to(rejected)
    )
    reject_and_return = (
        received.to(ready_to_ship)
        | inspecting.to(ready_to_ship)
        | repairing.to(ready_to_ship)
        | quote_pending.to(ready_to_ship)
        | ready_to_ship.to(ready_to_ship)
    )


STATES: tuple[str, ...] = stored_states(RmaMachine)
"""Every state an RMA is stored in, in declaration order."""

EVENTS: tuple[str, ...] = events_of(RmaMachine)
"""Every event name."""

FINAL_STATES = frozenset(state.id for state in RmaMachine.final_states)

OPEN_STATES = tuple(s for s in STATES if s not in FINAL_STATES)
"""States of an RMA the desk still has to act on."""

STATE_NAMES = {
    "requested": N_("Requested"),
    "troubleshooting": N_("Troubleshooting with support"),
    "resolved_remotely": N_("Solved without a return"),
    "documents_validated": N_("Documents checked"),
    "awaiting_unit": N_("Waiting for the unit"),
    "received": N_("Unit received"),
    "inspecting": N_("Being inspected"),
    "repairing": N_("Being repaired"),
    "quote_pending": N_("Paid-repair quote waiting for an answer"),
    "ready_to_ship": N_("Ready to ship back"),
    "shipped": N_("Shipped back"),
    "closed": N_("Closed"),
    "cancelled": N_("Cancelled"),
    "rejected": N_("Refused"),
}
"""What a person reads instead of a state's code (``views.names``; issue #25)."""


def named_state(state: str) -> Named:
    """``state`` in a sentence: its code for the API, its name on a page (issue #26)."""
    return Named(state, STATE_NAMES.get(state, state))


EVENT_GUARDS = {"validate_documents": DOCUMENT_GUARDS, "receive": RECEIVE_GUARDS}
"""The guards of each guarded event, as declared on the machine above."""

GUARD_WORDING = {
    "backup_acknowledged": "the customer has not acknowledged that backing up data is theirs",
    "has_proof_of_purchase": "no proof of purchase is on file",
    "has_number": "no RMA number has been issued",
}


def sources_of(event: str) -> tuple[str, ...]:
    """The states ``event`` may be sent from, in declaration order."""
    return sources(RmaMachine, event)


@dataclass(frozen=True, slots=True)
class RmaDue:
    """When a step of the RMA is due under the policy's promise.

    ``due_on`` is the last day in the service centre's time zone; ``due_at``
    the UTC instant that day ends. ``provisional`` when the calendar of a day
    counted is not settled yet (China's make-up days for an unannounced year).
    """

    due_on: date
    due_at: datetime
    provisional: bool
    clause_ids: tuple[str, ...] = ()

    def is_late(self, now: datetime) -> bool:
        """True once the due day has ended in the centre's time zone."""
        return now >= self.due_at


@dataclass(frozen=True, slots=True)
class Rma:
    """One return authorisation request, from "my unit is broken" to "closed".

    ``number`` stays ``None`` until issued. ``customer`` is the account code of
    the customer (when known), ``opened_by`` the account that opened it (a
    dealer for its customer, or the customer). ``service_point`` is the
    service centre id of the brand's policy, or the account code of the point
    of purchase that handles the return.
    """

    id: int
    number: str | None
    brand: str
    serial: str
    model: str
    state: str
    customer: str | None
    opened_by: str | None
    contact_name: str
    contact_email: str
    symptom: str
    backup_acknowledged_at: datetime | None
    proof_of_purchase: str | None
    service_country: str
    service_point: str
    opened_at: datetime
    unit_id: int | None = None
    documents_validated_at: datetime | None = None
    number_issued_at: datetime | None = None
    received_at: datetime | None = None
    received_on: date | None = None
    shipped_at: datetime | None = None
    closed_at: datetime | None = None
    number_due: RmaDue | None = None
    repair_due: RmaDue | None = None
    needs_attention: bool = False
    attention_reason: str | None = None
    assignee_user_id: int | None = None
    """The agent or technician it is assigned to; ``None``: its centre's unassigned queue."""
    assignee: str | None = None
    """That person's name."""
    paused_since: datetime | None = None
    """Since when the current step's clock is paused, waiting on the customer (issue #23,
    item 5: ``domain.rma_pauses``); ``None`` while it runs."""
    paused_for: str | None = None
    """The wait that paused it (``quote``, ``documents``, ``certificate``)."""

    # --- guards (names used by RmaMachine) ---------------------------------------------

    def backup_acknowledged(self) -> bool:
        return self.backup_acknowledged_at is not None

    def has_proof_of_purchase(self) -> bool:
        return bool(self.proof_of_purchase and self.proof_of_purchase.strip())

    def has_number(self) -> bool:
        return self.number is not None

    # --- reading ----------------------------------------------------------------------

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def current_due(self) -> RmaDue | None:
        """The promise the current step runs under, if any: what the queues sort by."""
        if self.state == "documents_validated":
            return self.number_due
        if self.state in REPAIR_CLOCK_STATES:
            return self.repair_due
        return None

    def is_late(self, now: datetime) -> bool:
        """The current step's due date has passed (judged at ``now``) and its clock is not
        paused: a paused RMA is late again only once the wait ends, if its moved due date
        has passed."""
        due = self.current_due()
        return due is not None and self.paused_since is None and due.is_late(now)


REPAIR_CLOCK_STATES = ("received", "inspecting", "repairing", "quote_pending")
"""States in which the repair clock counts. While a quote waits on the customer it is
paused where the service centre's setting says so (the default: ``domain.rma_pauses``),
and its due date moves by the paused business days when the quote is answered."""


@dataclass(frozen=True, slots=True)
class RmaTransition:
    """One stored step of an RMA's timeline: who, when, from, to, why."""

    rma_id: int
    event: str
    from_state: str
    to_state: str
    actor: str
    actor_user_id: int | None
    reason: str
    at: datetime


def opening_step() -> Step:
    """Opening an RMA: the machine's creation event, to its first stored state."""
    return begin(RmaMachine, "open")


def rma_step(rma: Rma, event: str) -> Step:
    """The step ``event`` takes ``rma``; ``Conflict`` naming state and event otherwise.

    Runs the machine on a copy of the state, so a refused event changes
    nothing; the caller stores the step.
    """
    if event not in EVENTS:
        raise Conflict(f"unknown RMA event {event!r}; events: {', '.join(EVENTS)}")
    return advance(RmaMachine, rma, rma.state, event, lambda _: _refusal(rma, event))


def next_state(rma: Rma, event: str) -> str:
    """The state ``event`` moves ``rma`` to (``rma_step``'s)."""
    return rma_step(rma, event).to_state


def _refusal(rma: Rma, event: str) -> str:
    number = rma.number or f"#{rma.id}"
    allowed_from = sources_of(event)
    if rma.state not in allowed_from:
        return (
            f"RMA {number} is {rma.state}: {event} is not possible "
            f"(only from {', '.join(allowed_from)})"
        )
    failing = [
        GUARD_WORDING[guard] for guard in EVENT_GUARDS.get(event, []) if not getattr(rma, guard)()
    ]
    why = "; ".join(failing) or "a condition is not met"
    return f"RMA {number} is {rma.state}: {event} is not possible yet: {why}"


# --- who may send which event ------------------------------------------------------------

_AGENT_EVENTS = frozenset(
    {
        "start_troubleshooting",
        "skip_troubleshooting",
        "resolve_remotely",
        "validate_documents",
        "issue_number",
        "reject",
        "reject_and_return",
    }
)
_TECHNICIAN_EVENTS = frozenset(
    {
        "receive",
        "start_inspection",
        "decide_covered",
        "decide_covered_charged",
        "decide_not_covered",
        "finish_repair",
        "ship",
        "close",
    }
)
_WORKSHOP_REJECTS_FROM = ("received", "inspecting", "repairing", "quote_pending", "ready_to_ship")
"""A technician rejects an RMA only once the unit is in the workshop (a counterfeit found)."""
_PARTY_EVENTS = frozenset({"cancel", "accept_quote", "decline_quote"})
"""Events the customer, or the dealer who opened the RMA, may send on their own RMA."""

_CANCEL_BY_PARTY_FROM = ("requested", "troubleshooting", "documents_validated", "awaiting_unit")


def is_party(actor: Actor, rma: Rma) -> bool:
    """The actor is the RMA's customer or the account that opened it."""
    if actor.account_code is None:
        return False
    return actor.account_code in (rma.customer, rma.opened_by)


def may_send(actor: Actor, rma: Rma, event: str) -> bool:
    """Whether ``actor`` may send ``event`` on ``rma`` (roles per the RMA contract).

    Agents run the desk (troubleshooting, documents, numbers, cancel, reject);
    technicians the workshop (receive, inspect, decide, repair, ship, close, and reject once
    the unit is in the workshop);
    admins everything. The customer, or the dealer who opened the RMA, may
    cancel before the unit is received and answer a paid-repair quote; agents
    may record that answer for them.
    """
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.AGENT:
        return event in _AGENT_EVENTS or event in _PARTY_EVENTS
    if actor.role is Role.TECHNICIAN:
        if event in ("reject", "reject_and_return"):
            return rma.state in _WORKSHOP_REJECTS_FROM
        return event in _TECHNICIAN_EVENTS
    if event in _PARTY_EVENTS and is_party(actor, rma):
        return event != "cancel" or rma.state in _CANCEL_BY_PARTY_FROM
    return False

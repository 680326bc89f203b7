"""What every declared lifecycle shares: a strict machine moves a record, a ``Step`` says it did.

Each lifecycle (the RMA's, a quote's, an order's, an unauthorized parcel's)
is a python-statemachine ``StateMachine`` declared once in ``domain/``:
states, events, and guards named after the record's own methods (the record
is the machine's listener). It is strict: an event the state does not allow,
or whose guard fails, raises instead of passing silently; here that becomes
``Conflict`` with the lifecycle's own sentence.

Each machine starts in a state that is never stored (the record being
created); its creation event leads to the first stored state (``begin``).

The store writes a state or status column only from a ``Step``
(``step.to_state``), and only this module makes one; a test over the source
(``tests/unit/architecture/test_state_writes.py``) fails on any other write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from statemachine import StateMachine
from statemachine.exceptions import TransitionNotAllowed

from warrantor.errors import Conflict


@dataclass(frozen=True, slots=True)
class Step:
    """A transition a machine allowed: from ``from_state`` by ``event`` to ``to_state``.

    ``from_state`` is ``""`` for a record being created. The store's writes of a
    state column take one, so a state written is always one a machine gave.
    """

    event: str
    from_state: str
    to_state: str


def events_of(machine: type[StateMachine]) -> tuple[str, ...]:
    """Every event the machine declares, in declaration order."""
    return tuple(
        dict.fromkeys(
            str(event)
            for state in machine.states
            for transition in state.transitions
            for event in transition.events
        )
    )


def stored_states(machine: type[StateMachine]) -> tuple[str, ...]:
    """Every state a record can be stored in: all but the machine's creation state."""
    return tuple(s.id for s in machine.states if s is not machine.initial_state)


def sources(machine: type[StateMachine], event: str) -> tuple[str, ...]:
    """The states ``event`` may be sent from, in declaration order."""
    return tuple(
        state.id
        for state in machine.states
        if any(transition.match(event) for transition in state.transitions)
    )


def begin(machine: type[StateMachine], event: str) -> Step:
    """The creation step: ``event`` from the machine's unstored initial state.

    Read from the machine's declaration (a record being created has no
    methods for guards yet, and a creation event has none).
    """
    for transition in machine.initial_state.transitions:
        if transition.match(event):
            return Step(event, "", transition.target.id)
    created_by = ", ".join(str(e) for t in machine.initial_state.transitions for e in t.events)
    raise Conflict(f"{event!r} does not create a record here (only {created_by})")


def advance(
    machine: type[StateMachine],
    record: object,
    current: str,
    event: str,
    refused: Callable[[tuple[str, ...]], str],
    facts: Mapping[str, Any] | None = None,
) -> Step:
    """Send ``event`` to a machine standing in ``current`` for ``record``; the step it takes.

    ``facts`` go to the guards by name (e.g. the day a quote is accepted on).
    A refusal raises ``Conflict(refused(sources))``, where ``sources`` are the
    states the event may be sent from (the lifecycle words its own sentence:
    the wrong state, or a guard that failed). Nothing is written here.
    """
    if event not in events_of(machine):
        raise Conflict(f"unknown event {event!r}; events: {', '.join(events_of(machine))}")
    running = machine(start_value=current, listeners=[record])
    try:
        running.send(event, **(facts or {}))
    except TransitionNotAllowed:
        raise Conflict(refused(sources(machine, event))) from None
    state: Any = running.current_state_value
    return Step(event, current, str(state))

"""A received parcel's lifecycle: matched to its RMA, or held and then returned or disposed of.

Declared once, strict (an event the status does not allow raises), as the
RMA's is (``domain.rma``); the store writes a parcel's status only from a
``Step`` of this machine. Whether a held unit may be disposed of is the
brand policy's answer (``policy.rma_refusals.parcel_disposal``), asked before
the event is sent.
"""

from __future__ import annotations

from statemachine import State, StateMachine

from warrantor.domain.lifecycle import Step, advance, begin, stored_states
from warrantor.domain.rma_parcels import Parcel


class ParcelMachine(StateMachine):
    """arriving -> matched | held; held -> returned | disposed."""

    arriving = State(initial=True)
    """A parcel on the receiving desk: never stored."""
    matched = State(final=True)
    held = State()
    returned = State(final=True)
    disposed = State(final=True)

    match = arriving.to(matched)
    hold = arriving.to(held)
    return_to_sender = held.to(returned)
    dispose = held.to(disposed)


PARCEL_STATUSES: tuple[str, ...] = stored_states(ParcelMachine)
"""Every status a parcel is stored in."""


def arrival_step(matched: bool) -> Step:
    """A parcel's arrival: matched to its RMA, or held as an unauthorized return."""
    return begin(ParcelMachine, "match" if matched else "hold")


def parcel_step(parcel: Parcel, event: str) -> Step:
    """The step ``event`` takes ``parcel``; ``Conflict`` when its status does not allow it."""
    return advance(
        ParcelMachine,
        parcel,
        parcel.status,
        event,
        lambda _: f"unauthorized return #{parcel.id} is already {parcel.status}",
    )

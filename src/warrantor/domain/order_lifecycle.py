"""A direct customer's extension order: awaiting payment, then paid or cancelled; strict.

Declared once, as the RMA's is (``domain.rma``); the store writes an order's
status only from a ``Step`` of this machine.
"""

from __future__ import annotations

from statemachine import State, StateMachine

from warrantor.domain.lifecycle import Step, advance, begin, stored_states
from warrantor.domain.sales import Order


class OrderMachine(StateMachine):
    """ordering -> awaiting_payment -> paid | cancelled."""

    ordering = State(initial=True)
    """An order being placed: never stored."""
    awaiting_payment = State()
    paid = State(final=True)
    cancelled = State(final=True)

    place = ordering.to(awaiting_payment)
    pay = awaiting_payment.to(paid)
    cancel = awaiting_payment.to(cancelled)


ORDER_STATUSES: tuple[str, ...] = stored_states(OrderMachine)
"""Every status an order is stored in."""

_WRONG_STATUS = {
    "pay": "{status}, not awaiting payment",
    "cancel": "{status}; only an order awaiting payment can be cancelled",
}


def placing_step() -> Step:
    """A new order: the machine's creation event, to ``awaiting_payment``."""
    return begin(OrderMachine, "place")


def order_step(order: Order, event: str) -> Step:
    """The step ``event`` takes ``order``; ``Conflict`` naming its status otherwise."""
    status = order.status.value
    text = _WRONG_STATUS.get(event, "{status}").format(status=status)
    return advance(
        OrderMachine, order, status, event, lambda _: f"extension order {order.id} is {text}"
    )

"""A distributor's quote: quoted, accepted (until it expires), paid, settled; one strict machine.

Declared once, as the RMA's is (``domain.rma``); the store writes a quote's
status only from a ``Step`` of this machine. Guards are the quote's own
methods: ``open_on`` (not expired on the day it is accepted) and
``has_balance`` (something left to settle).
"""

from __future__ import annotations

from datetime import date

from statemachine import State, StateMachine

from warrantor.domain.lifecycle import Step, advance, begin, stored_states
from warrantor.domain.sales import Quote


class QuoteMachine(StateMachine):
    """requesting -> quoted -> accepted -> paid -> settled."""

    requesting = State(initial=True)
    """A quote being priced: never stored."""
    quoted = State()
    accepted = State()
    paid = State()
    settled = State(final=True)

    request = requesting.to(quoted)
    accept = quoted.to(accepted, cond="open_on")
    pay = accepted.to(paid)
    settle = paid.to(settled, cond="has_balance")


QUOTE_STATUSES: tuple[str, ...] = stored_states(QuoteMachine)
"""Every status a quote is stored in."""

_WRONG_STATUS = {
    "accept": "{status}, not awaiting acceptance",
    "pay": "{status}; only an accepted quote is paid",
    "settle": "{status}; only a paid quote is settled",
}
_GUARD_FAILED = {
    "accept": "expired on {expires_on}; ask for a new one",
    "settle": "has no balance left to settle",
}


def requesting_step() -> Step:
    """A new quote: the machine's creation event, to ``quoted``."""
    return begin(QuoteMachine, "request")


def quote_step(quote: Quote, event: str, on: date | None = None) -> Step:
    """The step ``event`` takes ``quote`` (``on``: the day, for ``accept``); ``Conflict``
    naming why not otherwise."""

    def refused(sources: tuple[str, ...]) -> str:
        status = quote.status.value
        wording = _GUARD_FAILED if status in sources else _WRONG_STATUS
        text = wording[event].format(status=status, expires_on=quote.expires_on.isoformat())
        return f"quote {quote.id} {text}" if status in sources else f"quote {quote.id} is {text}"

    facts = {"on": on} if on is not None else None
    return advance(QuoteMachine, quote, quote.status.value, event, refused, facts)

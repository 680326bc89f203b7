"""The reasons the system writes on an RMA's timeline, as sentences a page translates (#26).

A step on the timeline stores its reason as English text: the API, the CLI and the desk show
it as stored. Where the system writes the reason itself ("unit received; repair due by
2026-12-03"), it is one of the sentences below, marked with ``N_`` and filled in with an
``errors.Said``, so the stored English is the sentence itself. A page reads a stored reason
back into its sentence (:func:`said_again`: the templates of the step's event tried in turn,
each anchored at both ends) and shows it in the reader's language
(``i18n.sentences.localised``): the day written the reader's way, a price as the language
writes money, a marked word translated. Rows stored before these templates read back too,
since the English is unchanged.

A reason someone typed (a note, a cancellation's why, a refusal in a policy's words) matches
none of them and is shown as given; so are the values that are data: a symptom, a carrier,
a tracking number, a person's name.
"""

from __future__ import annotations

import re
from datetime import date

from warrantor.domain.actors import Role
from warrantor.domain.money import Money
from warrantor.errors import Said
from warrantor.i18n.decisions import summary_said
from warrantor.i18n.locales import N_
from warrantor.i18n.sentences import read_back

OPENED = N_("opened: %(symptom)s")
START_TROUBLESHOOTING = N_("start troubleshooting")
CLOSE = N_("close")
DOCUMENTS_VALIDATED = N_("documents validated")
NUMBER_DUE = N_("%(note)s; RMA number due by %(day)s")
NUMBER_DUE_PROVISIONAL = N_("%(note)s; RMA number due by %(day)s (provisional)")
NO_NUMBER_PROMISE = N_("%(note)s; no RMA-number promise (%(why)s)")
NUMBER_ISSUED = N_("RMA number issued")
UNIT_RECEIVED = N_("unit received")
REPAIR_DUE = N_("%(note)s; repair due by %(day)s")
REPAIR_DUE_PROVISIONAL = N_("%(note)s; repair due by %(day)s (provisional)")
NO_REPAIR_PROMISE = N_("%(note)s; no repair-time promise (%(why)s)")
AT_POINT_OF_PURCHASE = N_("handled by a point of purchase: no promise of the maker applies")
NOT_THIS_REPAIR = N_("the policy's repair promise does not cover this repair")
NO_NUMBER_PROMISE_AT = N_("the %(brand)s policy makes no RMA-number promise at %(centre)s")
NO_REPAIR_PROMISE_AT = N_("the %(brand)s policy makes no repair-time promise at %(centre)s")
"""Why a step carries no due date (``sla``; the last two are ``policy.service_terms``'s)."""
INSPECTION_STARTED = N_("inspection started")
REPAIR_FINISHED = N_("repair finished")
SHIPPED = {
    "maker": N_("shipped by %(carrier)s, tracking %(tracking)s; paid by maker"),
    "customer": N_("shipped by %(carrier)s, tracking %(tracking)s; paid by customer"),
}
QUOTE_ACCEPTED = N_("paid repair accepted: %(price)s")
QUOTE_DECLINED = N_("paid repair declined: %(price)s")
REJECTED_WITH_UNIT = N_("%(reason)s The unit: %(unit)s.")
SERVICE_REFUSED = N_("%(summary)s The service is refused:\n%(clauses)s")
"""The workshop's refusal (``decision.refusal_reason``): the engine's summary, then the
determining clauses quoted as published."""
ASSIGNED = N_("to %(who)s")
ASSIGNED_WHY = N_("to %(who)s: %(why)s")
UNASSIGNED = N_("to the unassigned queue")
UNASSIGNED_WHY = N_("to the unassigned queue: %(why)s")
ACTOR = N_("%(who)s (%(role)s)")
"""Who took a step: a name and the role (a marked word: ``web.page_templates.SHOWN_WORDS``)."""

NEEDS_A_PERSON = N_("needs a person")
PARCEL_HOLDS = N_("the parcel holds serial %(found)s, the RMA is for %(expected)s")
SMART_UNREADABLE = N_("SMART report %(file)s could not be read: %(problem)s")
SMART_OTHER_SERIAL = N_("SMART report %(file)s names serial %(found)s, not the unit's %(expected)s")
SMART_NO_SERIAL = N_("SMART report %(file)s names no serial, not the unit's %(expected)s")
FLAGS = (NEEDS_A_PERSON, PARCEL_HOLDS, SMART_UNREADABLE, SMART_NO_SERIAL, SMART_OTHER_SERIAL)
"""Why an RMA is flagged for a person (``transitions.flag_for_person``): the customer's page
shows it too. A SMART reader's own problem is shown as it gives it."""

EVENT_WORDS = {"start_troubleshooting": START_TROUBLESHOOTING, "close": CLOSE}
"""A plain event's reason when none was given."""

BY_EVENT: dict[str, tuple[str, ...]] = {
    "open": (OPENED,),
    "start_troubleshooting": (START_TROUBLESHOOTING,),
    "close": (CLOSE,),
    "validate_documents": (NUMBER_DUE_PROVISIONAL, NUMBER_DUE, NO_NUMBER_PROMISE),
    "issue_number": (NUMBER_ISSUED,),
    "receive": (REPAIR_DUE_PROVISIONAL, REPAIR_DUE, NO_REPAIR_PROMISE),
    "start_inspection": (INSPECTION_STARTED,),
    "finish_repair": (REPAIR_FINISHED,),
    "ship": tuple(SHIPPED.values()),
    "accept_quote": (QUOTE_ACCEPTED,),
    "decline_quote": (QUOTE_DECLINED,),
    "reject": (REJECTED_WITH_UNIT, SERVICE_REFUSED),
    "reject_and_return": (REJECTED_WITH_UNIT, SERVICE_REFUSED),
    "assign": (ASSIGNED_WHY, ASSIGNED),
    "unassign": (UNASSIGNED_WHY, UNASSIGNED),
}
"""The sentences an event's step may carry, the more specific first."""

SENTENCES = frozenset({"note", "why", "unit"})
"""Values that may be a marked sentence themselves (a default note, a reason without a
promise, what becomes of a rejected unit): read back as one of ``INNER``, else translated
where the catalogue has them (a marked word), else shown as given."""

INNER = (NO_NUMBER_PROMISE_AT, NO_REPAIR_PROMISE_AT)

_PATTERNS = {"day": r"\d{4}-\d{2}-\d{2}", "price": r"[A-Z]{3} -?\d+(?:\.\d+)?"}
_ROLES = frozenset(role.value for role in Role)
_ACTOR = re.compile(r"(?P<who>.+) \((?P<role>[a-z]+)\)", re.DOTALL)


def said_again(reason: str, event: str) -> str:
    """A stored ``reason`` of an ``event``'s step as the sentence it was written as (a
    ``Said``); a reason that is none of the event's sentences as given (a plain ``str``)."""
    return read_back(reason, BY_EVENT.get(event, ()), _PATTERNS, _value) or reason


def _value(name: str, text: str) -> object:
    if name == "day":
        return date.fromisoformat(text)
    if name == "price":
        currency, amount = text.split(" ", 1)
        return Money.parse(amount, currency)
    if name in SENTENCES:
        return read_back(text, INNER) or Said(text)
    if name == "reason":  # a refusal the workshop's decision wrote, else as typed
        return refused_said(text)
    if name == "summary":
        return summary_said(text)
    return text


def refused_said(reason: str) -> str:
    """A rejection's reason as the workshop's refusal it was written as (``SERVICE_REFUSED``,
    its summary read back); a reason someone typed as given."""
    if isinstance(reason, Said) and reason.template == SERVICE_REFUSED:
        return reason
    return read_back(reason, (SERVICE_REFUSED,), None, _value) or reason


def flag_said(reason: str) -> str:
    """Why an RMA is flagged, as the sentence it was written as; else as given."""
    return read_back(reason, FLAGS) or reason


def actor_said(label: str) -> str:
    """An actor's label (``Ann (customer)``, ``Actor.label``) with its role as a marked word;
    a label of another shape as given."""
    found = _ACTOR.fullmatch(label)
    if found is None or found.group("role") not in _ROLES:
        return label
    return Said(ACTOR, who=found.group("who"), role=Said(found.group("role")))

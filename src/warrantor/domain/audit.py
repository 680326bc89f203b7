"""The audit trail's vocabulary: what a row is about, what happened, which values are personal.

Pure data (issue #17). A service that changes something that matters records,
in the same transaction, one audit row: who, when, which object (``Subject``),
what happened (``Action``), the object's values before and after, and why.

Personal values (a name, an e-mail address, a phone number, a street address,
any free text) are never copied into an audit row: a service wraps each in
``Personal`` and the store keeps it in the one table a later erasure on a
customer's request pseudonymises; the row refers to it by id. Audit rows
themselves are never edited or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class SubjectKind(StrEnum):
    """The kinds of object the trail records changes of, and how each is named (its id)."""

    UNIT = "unit"
    """A unit of the installed base: ``BRAND/SERIAL``."""
    UNITS_IMPORT = "units_import"
    """One run of the units import: the run's key (its unit rows carry the same ``run``)."""
    MODEL = "model"
    """A model placed in a product line: ``BRAND/MODEL``."""
    PRICE_LIST = "price_list"
    """An extension price list: its id."""
    USER = "user"
    """A user who signs in: their id."""
    API_TOKEN = "api_token"
    """An API token: its id."""
    POLICY = "policy"
    """A policy version in force: ``POLICY_ID@VERSION``."""
    CERTIFICATE = "certificate"
    """An extended-warranty certificate: its number."""
    RMA = "rma"
    """A return authorisation: its id."""
    HELP_REQUEST = "help_request"
    """A customer's help request (an unknown serial, a claim on a unit): its id."""
    SERVICE_CENTRE = "service_centre"
    """A service centre's own settings: ``BRAND/CENTRE`` (``QNAP/qnap-us``)."""


class Action(StrEnum):
    """What happened to the subject. Each action belongs to one subject kind (its prefix)."""

    UNIT_ADDED = "unit.added"
    """A unit added one at a time (an edit, a replacement); an import's run row counts its own."""
    UNIT_CHANGED = "unit.changed"
    """Dates, proof, owner, channel, country, model or first invoice changed."""
    UNIT_REGISTERED = "unit.registered"
    """A customer registered the unit: owner, purchase date and proof."""
    UNIT_VOIDED = "unit.voided"
    """An inspection finding that voids the unit itself was recorded on it."""
    UNIT_PERMITTED = "unit.permitted"
    """The maker's written permission for what a finding names was recorded (issue 19)."""
    UNITS_IMPORTED = "units_import.run"
    MODEL_PLACED = "model.placed"
    """A model a person named was added to (or moved to) a product line."""
    MODEL_ASSIGNED = "model.assigned"
    """An admin assigned a model no policy places to a product line (a new version)."""
    PRICE_LIST_ADDED = "price_list.added"
    PRICE_LIST_RETIRED = "price_list.retired"
    PRICE_LIST_ENDED = "price_list.ended"
    USER_CREATED = "user.created"
    USER_ROLE_CHANGED = "user.role_changed"
    USER_DEACTIVATED = "user.deactivated"
    USER_REACTIVATED = "user.reactivated"
    USER_MAIL_CORRECTED = "user.mail_corrected"
    """The user's sign-in address, refused by a mail server, was marked working (issue #24)."""
    API_TOKEN_CREATED = "api_token.created"
    API_TOKEN_REVOKED = "api_token.revoked"
    POLICY_LOADED = "policy.loaded"
    """A policy file was loaded whose hash differs from the last one recorded."""
    POLICY_WITHDRAWN = "policy.withdrawn"
    """A policy version recorded as in force is no longer among the loaded files."""
    CERTIFICATE_REVOKED = "certificate.revoked"
    RMA_ASSIGNED = "rma.assigned"
    """An RMA was assigned to a person, reassigned, or put back in its centre's queue."""
    RMA_TROUBLESHOOTING_SKIPPED = "rma.troubleshooting_skipped"
    """An agent skipped the troubleshooting the policy puts first, with a reason (issue 19)."""
    HELP_REQUEST_OPENED = "help_request.opened"
    """A customer asked for help with a serial the installed base lacks or another owns."""
    HELP_REQUEST_RESOLVED = "help_request.resolved"
    """An agent added the unit, or moved it to the customer, as the request asked."""
    HELP_REQUEST_REJECTED = "help_request.rejected"
    """An agent turned the request down, with a reason."""
    SERVICE_CENTRE_HOLDING_SET = "service_centre.holding_set"
    """An admin set the days the centre holds an unauthorized return (issue #25)."""
    SERVICE_CENTRE_CLOCK_PAUSES_SET = "service_centre.clock_pauses_set"
    """An admin set which waits on the customer pause which clock at the centre (issue #23)."""

    @property
    def kind(self) -> SubjectKind:
        return SubjectKind(self.value.partition(".")[0])


@dataclass(frozen=True, slots=True)
class Subject:
    """The object an audit row is about."""

    kind: SubjectKind
    id: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class PersonalKind(StrEnum):
    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    ADDRESS = "address"
    TEXT = "text"
    """Free text: a note, a reason, a reference someone typed."""


@dataclass(frozen=True, slots=True)
class Personal:
    """A value that may identify a person: stored apart, referred to by id from audit rows.

    ``account`` is the code of the account whose value it is, when known, so
    an erasure on that customer's request finds it.
    """

    value: str
    kind: PersonalKind = PersonalKind.TEXT
    account: str | None = None


AuditValue = (
    None | bool | int | str | date | Personal | list["AuditValue"] | dict[str, "AuditValue"]
)
"""What an audit row's before and after hold: JSON (dates as ISO text), personal values wrapped."""

UNIT_FACTS = (
    "model",
    "manufactured_on",
    "first_invoiced_on",
    "first_invoiced_to",
    "purchased_on",
    "proof_of_purchase",
    "country_of_purchase",
    "owner",
    "channel",
)
"""What a unit's audit rows hold before and after: every fact an import or an edit writes.
Accounts by code; the proof of purchase (free text) as a personal value."""


def back_dated_to(recorded_on: date, *days: date | None) -> date | None:
    """The earliest of ``days`` before ``recorded_on``: the fact is back-dated to it.

    ``None`` when every day is on or after the day the fact is recorded (or unknown).
    """
    earlier = [day for day in days if day is not None and day < recorded_on]
    return min(earlier) if earlier else None

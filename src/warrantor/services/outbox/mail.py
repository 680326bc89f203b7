"""Use case: put a message in the mail outbox, in the caller's transaction (issue #5).

The outbox is sent by ``warrantor worker`` (``services.outbox.sender``).
Because a message is written in the same transaction as the change it tells
about, a rolled-back change sends nothing and a committed one is never lost.
Both functions take the caller's open ``UnitOfWork`` and never commit.

What ``details`` must hold for each RMA notice (all values are text the
customer reads as is; ``InvalidInput`` names a missing one as
``details.<key>``):

``number_issued``
    ``ship_to`` (the service centre's address, may span lines) and
    ``shipping_paid_by`` (who pays the leg to the service centre, as the
    policy says, e.g. "you (the customer)"); optional ``instructions``.
``received``
    nothing; optional ``received_on`` and ``repair_due_by``.
``decided``
    ``decision`` (e.g. "covered: repair under warranty") and ``reasons``
    (the clauses and findings it rests on, may span lines); optional
    ``quote`` (a paid repair to accept or decline) and ``next_step``.
``shipped``
    ``carrier`` and ``tracking``; optional ``shipping_paid_by`` and
    ``coverage_until`` (the repaired or replacement unit's coverage).
``rejected``
    ``reasons`` (why the service is refused: the clauses it rests on);
    optional ``unit`` (what becomes of a unit in hand: returned or retained).
``requested`` (issue #24)
    ``next_step`` (what happens next, in plain words); optional ``symptom``
    (what the customer wrote) and ``page`` (where to follow the RMA).
``documents_requested``
    ``documents`` (what the desk asks for, e.g. "a proof of purchase");
    optional ``page`` (where to send them).
``cancelled``
    ``reasons`` (why the RMA was cancelled, as given).
``resolved_remotely``
    ``resolution`` (what solved the problem without a return).
``repaired``
    nothing; optional ``coverage_until`` (the repair's cover) and ``next_step``.
``replaced``
    ``new_serial`` (the replacement's serial); optional ``coverage_until`` and
    ``next_step``.

Any other key is listed at the end of the message under "Other details".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Literal, get_args

from warrantor.errors import InvalidInput, Problem
from warrantor.mail.render import render
from warrantor.services.access.language import mail_locale
from warrantor.services.uow import UnitOfWork
from warrantor.store.outbox import NewMessage

RmaNotice = Literal[
    "requested",
    "documents_requested",
    "number_issued",
    "received",
    "decided",
    "repaired",
    "replaced",
    "shipped",
    "rejected",
    "cancelled",
    "resolved_remotely",
]
"""The moments the customer is told about (issue #5, item 8; issue #24, item 2)."""

RMA_NOTICES: tuple[RmaNotice, ...] = get_args(RmaNotice)

REQUIRED_DETAILS: dict[RmaNotice, tuple[str, ...]] = {
    "number_issued": ("ship_to", "shipping_paid_by"),
    "received": (),
    "decided": ("decision", "reasons"),
    "shipped": ("carrier", "tracking"),
    "rejected": ("reasons",),
    "requested": ("next_step",),
    "documents_requested": ("documents",),
    "cancelled": ("reasons",),
    "resolved_remotely": ("resolution",),
    "repaired": (),
    "replaced": ("new_serial",),
}
"""What each notice cannot be sent without."""

OPTIONAL_DETAILS: dict[RmaNotice, tuple[str, ...]] = {
    "number_issued": ("instructions",),
    "received": ("received_on", "repair_due_by"),
    "decided": ("quote", "next_step"),
    "shipped": ("shipping_paid_by", "coverage_until"),
    "rejected": ("unit",),
    "requested": ("symptom", "page"),
    "documents_requested": ("page",),
    "cancelled": (),
    "resolved_remotely": (),
    "repaired": ("coverage_until", "next_step"),
    "replaced": ("coverage_until", "next_step"),
}
"""What each notice's template shows when given."""

MAX_SUBJECT = 300


def queue_rma_notice(
    uow: UnitOfWork,
    *,
    notice: RmaNotice,
    to: str,
    rma_number: str,
    brand: str,
    serial: str,
    details: Mapping[str, str],
    now: datetime,
    country: str | None = None,
) -> int:
    """Write the customer's message about ``rma_number`` to the outbox; returns its id.

    It is written in the recipient's language (``access.language.mail_locale``: their
    stored setting, else the language of the request causing it, else ``country``'s).

    Call it inside the use case's unit of work, right after the change it
    tells about (number issued, unit received, decision made, unit shipped).
    Before a number is issued, ``rma_number`` is ``#<id>`` (``rma_label``): the
    message then asks the customer not to send the unit yet.
    """
    if notice not in REQUIRED_DETAILS:
        choices = ", ".join(RMA_NOTICES)
        raise InvalidInput(
            "unknown RMA notice", [Problem(f"{notice!r} is not one of {choices}", "notice")]
        )
    missing = [
        Problem("needed for this message", f"details.{key}")
        for key in REQUIRED_DETAILS[notice]
        if not str(details.get(key, "")).strip()
    ]
    if missing:
        raise InvalidInput(f"the '{notice}' message lacks details", missing)
    known = set(REQUIRED_DETAILS[notice]) | set(OPTIONAL_DETAILS[notice])
    extra = {
        key.replace("_", " "): value
        for key, value in details.items()
        if key not in known and str(value).strip()
    }
    rendered = render(
        f"rma_{notice}",
        {
            "rma_number": rma_number,
            "numbered": not rma_number.startswith("#"),
            "brand": brand,
            "serial": serial,
            "details": {key: details.get(key, "") for key in known},
            "extra": extra,
        },
        mail_locale(uow, to, country),
    )
    return queue_mail(
        uow,
        to=to,
        subject=rendered.subject,
        body=rendered.body,
        now=now,
        topic=f"rma.{notice}",
        reference=rma_number,
    )


def queue_mail(
    uow: UnitOfWork,
    *,
    to: str,
    subject: str,
    body: str,
    now: datetime,
    topic: str,
    reference: str,
) -> int:
    """Write one plain-text message to the outbox, due at ``now``; returns its id.

    ``topic`` says what kind of message it is (e.g. ``rma.shipped``) and
    ``reference`` what it is about (e.g. an RMA number), so the outbox can be
    searched. ``InvalidInput`` names a bad address or subject; nothing is
    written then.
    """
    problems = [*_address_problems(to), *_subject_problems(subject)]
    if not topic.strip() or len(topic) > 100:
        problems.append(Problem("give 1 to 100 characters", "topic"))
    if not reference.strip() or len(reference) > 100:
        problems.append(Problem("give 1 to 100 characters", "reference"))
    if problems:
        raise InvalidInput("the message cannot be sent", problems)
    return uow.outbox.add(
        NewMessage(
            topic=topic,
            reference=reference,
            to_address=to.strip(),
            subject=subject.strip(),
            body=body,
            created_at=now,
        )
    )


def is_mail_address(text: str) -> bool:
    """Whether ``text`` is one plain e-mail address (``user@domain``) mail can go to: for
    free-text contact fields (a parcel's sender), which may hold a phone number instead."""
    return not _address_problems(text)


def _address_problems(to: str) -> list[Problem]:
    """An address one SMTP server will take: ``user@domain``, no display name, no line breaks."""
    value = to.strip()
    name, address = parseaddr(value)
    if not value or "\r" in value or "\n" in value or name or address != value:
        return [Problem(f"not an e-mail address: {to!r}", "to")]
    local, _, domain = address.rpartition("@")
    try:
        Address(username=local, domain=domain)
    except (ValueError, IndexError):
        return [Problem(f"not an e-mail address: {to!r}", "to")]
    if not local or "." not in domain or len(address) > 320:
        return [Problem(f"not an e-mail address: {to!r}", "to")]
    return []


def _subject_problems(subject: str) -> list[Problem]:
    if "\r" in subject or "\n" in subject:
        return [Problem("a subject is one line", "subject")]
    if not subject.strip() or len(subject) > MAX_SUBJECT:
        return [Problem(f"give 1 to {MAX_SUBJECT} characters", "subject")]
    return []

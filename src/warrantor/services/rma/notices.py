"""Telling an RMA's customer about a step, in the same unit of work as the step (issue #5, #24).

One place for the desk's mail calls: the message goes to the RMA's contact
e-mail and names its number (or ``#id`` before one is issued), brand and serial
(``services.outbox.mail``). Each ``tell_*`` function is called by the use case
that makes the step, inside its unit of work, so a rolled-back step sends
nothing. Steps told elsewhere: the decision (``decision``) and a rejection
(``rejection``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from warrantor.domain.rma import Rma
from warrantor.domain.rma_parcels import Parcel
from warrantor.i18n.locales import N_, gettext
from warrantor.mail.render import render
from warrantor.policy.decision import Citation
from warrantor.policy.text import WARRANTY_TABLE, is_table_row, table_key
from warrantor.services.access.language import account_country, mail_locale
from warrantor.services.outbox.mail import RmaNotice, is_mail_address, queue_mail, queue_rma_notice
from warrantor.services.uow import UnitOfWork

REQUESTED_NEXT = N_(
    "an agent checks your request and your proof of purchase (and may first help you "
    "solve the problem without a return). When they are in order we issue an RMA number "
    "and tell you where to send the unit."
)
"""What happens after a request, as the RMA's life runs (``domain.rma``); the mail's template
translates it (issue #26)."""

TOLD_AFTER_EVENT: dict[str, RmaNotice] = {
    "cancel": "cancelled",
    "resolve_remotely": "resolved_remotely",
}
"""Plain events whose reason is all the customer needs to be told (``events.send_event``)."""


def notify_customer(
    uow: UnitOfWork, rma: Rma, notice: RmaNotice, details: Mapping[str, str], now: datetime
) -> None:
    """Queue ``notice`` about ``rma`` to its contact."""
    queue_rma_notice(
        uow,
        notice=notice,
        to=rma.contact_email,
        rma_number=rma.number or f"#{rma.id}",
        brand=rma.brand,
        serial=rma.serial,
        details=details,
        now=now,
        country=account_country(uow, rma.customer, rma.service_country),
    )


def tell_requested(uow: UnitOfWork, rma: Rma, now: datetime) -> None:
    """A request was opened: we have it, and this is what happens next."""
    details = {"next_step": REQUESTED_NEXT, "symptom": rma.symptom}
    notify_customer(uow, rma, "requested", details, now)


def tell_documents_requested(
    uow: UnitOfWork, rma: Rma, documents: str, now: datetime, page: str = ""
) -> None:
    """The desk asks for a document (a proof of purchase, a photo), to send on ``page``."""
    notify_customer(uow, rma, "documents_requested", {"documents": documents, "page": page}, now)


def tell_after_event(uow: UnitOfWork, rma: Rma, event: str, reason: str, now: datetime) -> None:
    """After a plain event: the customer hears of a cancellation or a remote resolution, with
    the reason given; other events tell nothing here."""
    notice = TOLD_AFTER_EVENT.get(event)
    if notice is None:
        return
    key = "reasons" if notice == "cancelled" else "resolution"
    notify_customer(uow, rma, notice, {key: reason}, now)


def tell_repair_finished(
    uow: UnitOfWork, rma: Rma, now: datetime, *, replaced_by: str | None
) -> None:
    """The workshop finished: the unit is repaired, or replaced by ``replaced_by``. (The
    repair's cover is told when it ships: its dates are fixed then.)"""
    if replaced_by is not None:
        notify_customer(uow, rma, "replaced", {"new_serial": replaced_by}, now)
    else:
        notify_customer(uow, rma, "repaired", {}, now)


@dataclass(frozen=True, slots=True)
class ParcelFate:
    """What the sender of a parcel without an RMA number is told becomes of it."""

    received_on: date
    """The day it was received, on the receiving centre's calendar."""
    returnable: bool
    """It can be sent back at the sender's cost."""
    disposable_from: date | None
    """The first day it may be disposed of; ``None``: the policy does not allow it."""


def tell_sender_without_rma(
    uow: UnitOfWork,
    parcel: Parcel,
    fate: ParcelFate,
    clauses: Sequence[tuple[str, str]] = (),
) -> bool:
    """A parcel came without an RMA number the desk knows: its sender, when their contact is
    an e-mail address, hears that it is held, on which day (``fate.received_on``, the
    receiving centre's) and what becomes of it (``fate``: sent back at their cost, disposed of
    from a day; written in the mail's language), with the clauses that allow it quoted
    (``clauses``: id and published sentence; QNAP's right to dispose of the unit). Returns
    whether a message was queued."""
    if not is_mail_address(parcel.sender_contact):
        return False
    mail = render(
        "parcel_without_rma",
        {
            "brand": parcel.brand,
            "sender_name": parcel.sender_name.strip(),
            "received_on": fate.received_on.isoformat(),
            "serial": parcel.serial or "",
            "number_on_parcel": parcel.number_on_parcel or "",
            "returnable": fate.returnable,
            "disposable_from": fate.disposable_from.isoformat() if fate.disposable_from else "",
            "clauses": [{"id": cid, "text": text} for cid, text in clauses],
            "parcel_id": parcel.id,
        },
        mail_locale(uow, parcel.sender_contact.strip()),
    )
    queue_mail(
        uow,
        to=parcel.sender_contact.strip(),
        subject=mail.subject,
        body=mail.body,
        now=parcel.received_at,
        topic="parcel.without_rma",
        reference=f"parcel {parcel.id}",
    )
    return True


def published_reasons(
    citations: Sequence[Citation], determining: Sequence[str], line_name: str, locale: str
) -> list[str]:
    """The sentences of the ``determining`` clauses as a customer's mail quotes them: each
    once, as published, and a row of a warranty table named as one ("The published warranty
    table's row for TS-x79 NAS Series") instead of its run-together cells (issue #25,
    item 1; the pages word it the same way, ``views.coverage_plain``)."""
    line = line_name or gettext("this product", locale)
    said: list[str] = []
    for citation in citations:
        if citation.clause_id not in determining:
            continue
        text = citation.text.strip()
        if is_table_row(text):
            heading = table_key(text)
            if heading == WARRANTY_TABLE:
                text = gettext("The published warranty table's row for %(line)s", locale) % {
                    "line": line
                }
            else:
                text = gettext("The published table “%(table)s”, its row for %(line)s", locale)
                text %= {"table": heading, "line": line}
        if text not in said:
            said.append(text)
    return said

"""Use cases: an agent resolves a customer's help request, or rejects it with a reason.

Resolving does what the request asked, in the same transaction as closing it:

- ``unknown_serial``: the unit is added to the installed base (``register_unit``:
  the model, which the agent may correct, the purchase date and proof, the
  customer's account as owner), with the proof file attached to it; the
  customer then sees it in "my products" and may ask for an RMA there;
- ``ownership_claim``: the unit changes hands with the staff transfer
  (``services.installed_base.ownership``): the old owner loses access,
  coverage stays with the unit, the proof file is attached to it.

Either way, or on a rejection, the customer is mailed (the outbox, same
transaction) and the change is audited (``help_request.resolved`` or
``.rejected``, besides the unit's own rows). Agents and admins decide;
technicians see the queue but don't. A request already closed is ``Conflict``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.audit import Action
from warrantor.domain.units import Unit
from warrantor.errors import Conflict, InvalidInput, PermissionDenied, Problem
from warrantor.i18n.locales import N_
from warrantor.mail.render import render
from warrantor.policy.book import PolicyBook
from warrantor.services.access.language import account_country, mail_locale
from warrantor.services.audit.record import record
from warrantor.services.help_requests.requests import MAX_TEXT, subject, visible_request
from warrantor.services.installed_base.ownership import transfer_unit
from warrantor.services.installed_base.units import Registration, register_unit
from warrantor.services.outbox.mail import queue_mail
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory, uow_factory_for
from warrantor.store.attachments import NewAttachment
from warrantor.store.help_requests import HelpRequest, HelpRequestRepository

DECIDERS = frozenset({Role.AGENT, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the agent adds when resolving; empty values keep what the customer gave."""

    model: str = ""
    purchased_on: date | None = None
    country: str = ""
    note: str = ""


def _require_decider(actor: Actor) -> None:
    if actor.role not in DECIDERS:
        raise PermissionDenied("only a support agent or an admin resolves a help request")


def _open(uow: UnitOfWork, actor: Actor, request_id: int) -> HelpRequest:
    request = visible_request(uow, actor, request_id)
    if not request.is_open:
        raise Conflict(f"help request {request_id} is already {request.state}")
    return request


def resolve_help_request(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    request_id: int,
    resolution: Resolution,
    now: datetime,
) -> HelpRequest:
    """Do what the request asks (see the module) and close it; returns it closed.

    ``InvalidInput`` naming ``model`` when an unknown serial has none, or what the
    installed base refuses (a model no policy places, dates out of order);
    ``Conflict`` when the request is closed or the unit changed meanwhile."""
    _require_decider(actor)
    if len(resolution.note) > MAX_TEXT:
        raise InvalidInput("the note is too long", [Problem(f"at most {MAX_TEXT}", "note")])
    with uow_factory() as uow:
        request = _open(uow, actor, request_id)
        joined = uow_factory_for(uow.connection)  # the steps below join this transaction
        if request.kind == "unknown_serial":
            unit = _add_unit(uow, joined, book, actor, request, resolution, now)
        else:
            unit = _move_unit(joined, actor, request, resolution, now)
        unit_id = uow.units.id_of(unit.brand, unit.serial)
        if request.proof is not None and unit_id is not None:
            uow.attachments.add(
                NewAttachment(
                    kind="proof_of_purchase",
                    file_name=request.proof.file_name,
                    content_type=request.proof.content_type,
                    size_bytes=request.proof.size_bytes,
                    sha256=request.proof.sha256,
                    storage_key=request.proof.storage_key,
                    uploaded_at=request.opened_at,
                    unit_id=unit_id,
                    uploaded_by=request.opened_by,
                )
            )
        note = resolution.note.strip() or _done(request)
        return _close(uow, actor, request, "resolved", note, unit_id, now)


def _add_unit(
    uow: UnitOfWork,
    joined: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    request: HelpRequest,
    resolution: Resolution,
    now: datetime,
) -> Unit:
    model = resolution.model.strip() or (request.model or "")
    if not model:
        message = "name the unit's model (the customer gave none)"
        raise InvalidInput(message, [Problem(message, "model")])
    if uow.units.get(request.brand, request.serial) is not None:
        raise Conflict(
            f"{request.brand} {request.serial} is in the installed base now: "
            "reject this request and ask the customer to register it"
        )
    registration = Registration(
        brand=request.brand,
        serial=request.serial,
        model=model,
        purchased_on=resolution.purchased_on or request.purchased_on,
        proof_of_purchase=request.proof_of_purchase,
        country_of_purchase=resolution.country.strip() or None,
        owner=request.account,
    )
    unit, _ = register_unit(joined, book, registration, now, actor=actor)
    return unit


def _move_unit(
    joined: UnitOfWorkFactory,
    actor: Actor,
    request: HelpRequest,
    resolution: Resolution,
    now: datetime,
) -> Unit:
    proof = request.proof_of_purchase or (
        f"{request.proof.file_name} (help request {request.id})" if request.proof else ""
    )
    why = f"help request {request.id}" + (
        f": {resolution.note.strip()}" if resolution.note.strip() else ""
    )
    return transfer_unit(
        joined, actor, request.serial, request.brand, request.account, proof, why, now
    )


ADDED = N_("The unit was added to our records as yours.")
MOVED = N_(
    "The unit is now registered to you. Neither policy text speaks of a change of owner: "
    "coverage stays with the unit, measured from its first purchase, and passes to the new "
    "owner unchanged."
)
"""What the customer is told was done when the agent wrote no note: marked, so the mail and
the request's page say it in the customer's language (the note is stored in English, as
written; ``MOVED`` ends with ``ownership.COVERAGE_NOTE``)."""


def _done(request: HelpRequest) -> str:
    return ADDED if request.kind == "unknown_serial" else MOVED


def reject_help_request(
    uow_factory: UnitOfWorkFactory, actor: Actor, request_id: int, reason: str, now: datetime
) -> HelpRequest:
    """Close the request unresolved; the reason (needed) is mailed to the customer."""
    _require_decider(actor)
    text = reason.strip()
    if not text or len(text) > MAX_TEXT:
        message = f"say why, in 1 to {MAX_TEXT} characters (the customer reads it)"
        raise InvalidInput(message, [Problem(message, "reason")])
    with uow_factory() as uow:
        request = _open(uow, actor, request_id)
        return _close(uow, actor, request, "rejected", text, None, now)


def _close(
    uow: UnitOfWork,
    actor: Actor,
    request: HelpRequest,
    state: str,
    text: str,
    unit_id: int | None,
    now: datetime,
) -> HelpRequest:
    repository = HelpRequestRepository(uow.connection)
    if not repository.close(request.id, state, actor.user_id, text, unit_id, now):
        raise Conflict(f"help request {request.id} was closed meanwhile")
    action = Action.HELP_REQUEST_RESOLVED if state == "resolved" else Action.HELP_REQUEST_REJECTED
    record(
        uow,
        actor,
        now,
        subject(request.id),
        action,
        before={"state": request.state},
        after={"state": state, "unit": f"{request.brand}/{request.serial}" if unit_id else None},
        why=text,
    )
    rendered = render(
        f"help_request_{state}",
        {"request": request, "text": text, "kind": request.kind},
        mail_locale(uow, request.contact_email, account_country(uow, request.account, None)),
    )
    queue_mail(
        uow,
        to=request.contact_email,
        subject=rendered.subject,
        body=rendered.body,
        now=now,
        topic=f"help_request.{state}",
        reference=f"help request {request.id}",
    )
    closed = repository.get(request.id)
    assert closed is not None
    return closed

"""Use cases: a customer asks for help with a serial, and who sees which request.

When and why (issue #23, items 6 and 7): a customer whose serial is not in the
installed base, or who bought second-hand a unit another account still owns,
hit a dead end at registration. Instead they send a help request: brand,
serial, model if known, purchase date and proof reference, a description, and
the proof of purchase file (needed to claim a unit someone else owns). The
kind follows from what the installed base holds: ``unknown_serial`` when no
unit has that brand and serial, ``ownership_claim`` when another account owns
it; a unit nobody else owns is registered as usual instead (``InvalidInput``
naming ``serial`` says so). The request waits in the agents' queue
(``services.help_requests.resolution`` resolves or rejects it).

Who sees what: the customer sees their account's requests; staff see all;
anyone else none. A request someone may not see is ``NotFound``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.audit import Action, AuditValue, Personal, Subject, SubjectKind
from warrantor.domain.units import latest_today
from warrantor.errors import (
    Ambiguous,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Problem,
    Said,
)
from warrantor.i18n.locales import N_
from warrantor.services.attachments.content import check_upload
from warrantor.services.attachments.files import Upload
from warrantor.services.attachments.storage import AttachmentStorage, StoredFileMissing
from warrantor.services.audit.record import record
from warrantor.services.installed_base.units import find_unit, future_date_problems, parse_serial
from warrantor.services.outbox.mail import is_mail_address
from warrantor.services.paging import Page, check_limit, decode_cursor, page_of
from warrantor.services.sentences import about_file, at_most_characters, no_account, one_of
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.help_requests import (
    AlreadyOpen,
    HelpRequest,
    HelpRequestRepository,
    NewHelpRequest,
    ProofFile,
)
from warrantor.store.tables_help import HELP_STATES

MAX_TEXT = 2000
MAX_FIELD = 200
HELP_LIST = "help_requests"
"""The help requests' list name in page cursors (oldest first, by id)."""


@dataclass(frozen=True, slots=True)
class HelpAsk:
    """What the customer fills in."""

    brand: str
    serial: str
    description: str
    model: str = ""
    purchased_on: date | None = None
    proof_of_purchase: str = ""
    contact_email: str = ""
    """Where the answer goes; empty: the signed-in user's address, else the account's."""


def subject(request_id: int) -> Subject:
    return Subject(SubjectKind.HELP_REQUEST, str(request_id))


def open_help_request(
    uow_factory: UnitOfWorkFactory,
    storage: AttachmentStorage,
    actor: Actor,
    ask: HelpAsk,
    proof: Upload | None,
    now: datetime,
    *,
    brands: Sequence[str],
    max_bytes: int,
) -> HelpRequest:
    """Store the customer's request (and its proof file); audited as ``help_request.opened``.

    ``brands``: the brands whose policies are loaded (the brand must be one of them).

    Customers only (``PermissionDenied``); ``InvalidInput`` names every field that is
    wrong at once (``proof_file`` for a refused file, or a missing one on a claim);
    ``Conflict`` while the account's earlier request about the same unit is open."""
    if actor.role is not Role.CUSTOMER or not actor.account_code:
        raise PermissionDenied(N_("only a customer's account can ask for help with a serial"))
    problems = _ask_problems(ask, latest_today(now))
    brand = next((b for b in brands if b.lower() == ask.brand.strip().lower()), None)
    if ask.brand.strip() and brand is None:
        problems.append(Problem(one_of(brands), "brand"))
    checked = None
    if proof is not None:
        try:
            checked = check_upload(proof.data, "proof_of_purchase", max_bytes=max_bytes)
        except InvalidInput as error:
            named = proof.file_name
            problems += [
                Problem(about_file(named, p.message), "proof_file") for p in error.problems
            ]
    if problems:
        raise InvalidInput("the help request has problems", problems)
    serial = parse_serial(ask.serial)
    key = None
    if checked is not None:
        key = f"help/{secrets.token_hex(16)}.{checked.extension}"
        storage.put(key, checked.data)
    try:
        with uow_factory() as uow:
            assert brand is not None
            kind, brand = _kind(uow, actor, brand, serial, proof is not None)
            account_id = uow.accounts.id_of(actor.account_code)
            if account_id is None:
                raise PermissionDenied(no_account(actor.account_code))
            stored_proof = None
            if checked is not None and proof is not None and key is not None:
                stored_proof = ProofFile(
                    file_name=(proof.file_name.strip() or f"proof.{checked.extension}")[:255],
                    content_type=checked.content_type,
                    size_bytes=len(checked.data),
                    sha256=hashlib.sha256(checked.data).hexdigest(),
                    storage_key=key,
                )
            repository = HelpRequestRepository(uow.connection)
            waiting = repository.open_one(account_id, brand, serial)
            if waiting is not None:
                raise _already_asked(brand, serial, waiting)
            new = NewHelpRequest(
                kind=kind,
                account_id=account_id,
                opened_by=actor.user_id,
                contact_email=_contact(uow, actor, ask.contact_email),
                brand=brand,
                serial=serial,
                model=ask.model.strip() or None,
                purchased_on=ask.purchased_on,
                proof_of_purchase=ask.proof_of_purchase.strip() or None,
                description=ask.description.strip(),
                proof=stored_proof,
                opened_at=now,
            )
            try:
                request_id = repository.add_open(new)
            except AlreadyOpen as race:  # sent at the same time as another, stored first
                raise _already_asked(brand, serial, race.waiting) from None
            after: dict[str, AuditValue] = {
                "kind": kind,
                "brand": brand,
                "serial": serial,
                "account": actor.account_code,
                "proof_of_purchase": Personal(
                    ask.proof_of_purchase.strip(), account=actor.account_code
                ),
            }
            record(uow, actor, now, subject(request_id), Action.HELP_REQUEST_OPENED, after=after)
            made = repository.get(request_id)
            assert made is not None
            return made
    except BaseException:
        if key is not None:
            storage.delete(key)
        raise


def _already_asked(brand: str, serial: str, waiting: int) -> Conflict:
    asked = N_(
        "you already asked about %(brand)s %(serial)s: help request %(request)s waits for an agent"
    )
    return Conflict(Said(asked, brand=brand, serial=serial, request=str(waiting)))


def _ask_problems(ask: HelpAsk, latest: date) -> list[Problem]:
    problems = []
    if not ask.brand.strip():
        problems.append(Problem(N_("choose the brand on the product's label"), "brand"))
    elif len(ask.brand.strip()) > 100:
        problems.append(Problem(at_most_characters(100), "brand"))
    try:
        parse_serial(ask.serial)
    except InvalidInput as error:
        problems.extend(error.problems)
    if not ask.description.strip():
        problems.append(Problem(N_("say what you need help with"), "description"))
    elif len(ask.description) > MAX_TEXT:
        problems.append(Problem(at_most_characters(MAX_TEXT), "description"))
    for name in ("model", "proof_of_purchase"):
        if len(getattr(ask, name).strip()) > MAX_FIELD:
            problems.append(Problem(at_most_characters(MAX_FIELD), name))
    if ask.contact_email.strip() and not is_mail_address(ask.contact_email.strip()):
        problems.append(Problem(N_("not an e-mail address"), "contact_email"))
    problems.extend(future_date_problems(latest, {"purchased_on": ask.purchased_on}))
    return problems


def _kind(
    uow: UnitOfWork, actor: Actor, brand: str, serial: str, has_proof: bool
) -> tuple[str, str]:
    """The request's kind and the brand as stored (when the unit exists)."""
    try:
        unit = find_unit(uow, serial, brand)
    except NotFound:
        return "unknown_serial", brand
    except Ambiguous as error:  # no brand given: the form requires one, so this is rare
        raise InvalidInput(error.message, [Problem(error.message, "brand")]) from None
    if unit.owner is None or unit.owner == actor.account_code:
        message = (
            f"{unit.brand} {unit.serial} is in our records and nobody else has registered it: "
            "register it on 'Register a product' instead"
        )
        raise InvalidInput(message, [Problem(message, "serial")])
    if not has_proof:
        message = "to claim a unit registered to someone else, send your proof of purchase"
        raise InvalidInput(message, [Problem(message, "proof_file")])
    return "ownership_claim", unit.brand


def _contact(uow: UnitOfWork, actor: Actor, given: str) -> str:
    if given.strip():
        return given.strip()
    user = uow.users.by_id(actor.user_id) if actor.user_id is not None else None
    account = uow.accounts.get(actor.account_code) if actor.account_code else None
    found = (user.email if user else None) or (account.email if account else None)
    if not found:
        message = "give an e-mail address for our answer"
        raise InvalidInput(message, [Problem(message, "contact_email")])
    return found


def may_see_request(actor: Actor, request: HelpRequest) -> bool:
    if actor.is_staff:
        return True
    return actor.role is Role.CUSTOMER and request.account == actor.account_code


def visible_request(uow: UnitOfWork, actor: Actor, request_id: int) -> HelpRequest:
    """The request, if ``actor`` may see it; else ``NotFound``, as for one that doesn't exist."""
    found = HelpRequestRepository(uow.connection).get(request_id)
    if found is None or not may_see_request(actor, found):
        raise NotFound(Said(N_("no help request %(request)s"), request=str(request_id)))
    return found


def show_help_request(uow_factory: UnitOfWorkFactory, actor: Actor, request_id: int) -> HelpRequest:
    with uow_factory(read_only=True) as uow:
        return visible_request(uow, actor, request_id)


def page_help_requests(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    state: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[HelpRequest]:
    """One page of the requests ``actor`` may see, oldest first, with the exact count (the
    desk's "Unknown serials" tab): staff every account's, a customer their own, anyone
    else none. ``state``: ``open``, ``resolved`` or ``rejected`` (any when ``None``)."""
    check_limit(limit)
    if state is not None and state not in HELP_STATES:
        message = f"state must be one of {', '.join(HELP_STATES)}"
        raise InvalidInput(message, [Problem(message, "state")])
    after = decode_cursor(HELP_LIST, cursor, (int,))
    if not actor.is_staff and (actor.role is not Role.CUSTOMER or not actor.account_code):
        return Page([], None, 0)
    account = None if actor.is_staff else actor.account_code
    after_id = after[0] if after and isinstance(after[0], int) else None
    with uow_factory(read_only=True) as uow:
        repository = HelpRequestRepository(uow.connection)
        found = repository.page(state, account, limit + 1, after_id)
        total = repository.count(state, account)
    return page_of(found, limit, HELP_LIST, lambda r: (r.id,), total)


def proof_file(
    uow_factory: UnitOfWorkFactory, storage: AttachmentStorage, actor: Actor, request_id: int
) -> tuple[ProofFile, bytes]:
    """The proof file sent with a request the actor may see; ``NotFound`` when there is none."""
    with uow_factory(read_only=True) as uow:
        request = visible_request(uow, actor, request_id)
    if request.proof is None:
        raise NotFound(
            Said(N_("help request %(request)s came with no file"), request=str(request_id))
        )
    try:
        return request.proof, storage.get(request.proof.storage_key)
    except StoredFileMissing:
        raise NotFound(
            f"help request {request_id}'s file is missing from storage (restore it from backup)"
        ) from None


def count_open(uow_factory: UnitOfWorkFactory, actor: Actor) -> int:
    """How many requests wait for an agent (the desk's "Unknown serials" tab); staff only
    (anyone else: 0)."""
    if not actor.is_staff:
        return 0
    with uow_factory(read_only=True) as uow:
        return HelpRequestRepository(uow.connection).count("open", None)

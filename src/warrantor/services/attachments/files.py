"""Use cases: attach a proof of purchase or a photo to an RMA or a unit, list them, download one
(issue #24).

When and why: a customer sends a proof and photos when asking for an RMA or
registering a unit, and later when the desk asks for them; the agent sees them
when validating documents. Only who may see the RMA (``services.rma.access``)
or the unit (``services.installed_base.units.may_see_unit``) may list or
download them; to anyone else they do not exist (``NotFound``).

The file is checked first (``content``), then its bytes are stored under a
fresh random key and the row written in one transaction; if that transaction
fails, the bytes are deleted again, so no row ever points at nothing. A file the
customer (or who opened the RMA) sends on an RMA ends the desk's wait for documents in
that transaction: the clocks it paused run again (``services.rma.clock_pauses``).
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath

from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma, named_state
from warrantor.errors import N_, InvalidInput, NotFound, Problem, Said
from warrantor.policy.book import PolicyBook
from warrantor.services.attachments.content import AttachmentKind, CheckedFile, check_upload
from warrantor.services.attachments.storage import AttachmentStorage, StoredFileMissing
from warrantor.services.installed_base.units import may_see_unit, show_visible_unit
from warrantor.services.rma.access import may_see, visible_rma
from warrantor.services.rma.clock_pauses import resume_clocks
from warrantor.services.sentences import no_unit
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.attachments import Attachment, NewAttachment

MAX_FILE_NAME = 255


@dataclass(frozen=True, slots=True)
class Upload:
    """What a person sent: what it is meant to be, the name it came with, its bytes."""

    kind: AttachmentKind
    file_name: str
    data: bytes


def _shown_name(file_name: str, checked: CheckedFile) -> str:
    """The name it came with, without folders or control characters (shown only)."""
    base = PureWindowsPath(PurePosixPath(file_name).name).name
    clean = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return clean[:MAX_FILE_NAME] or f"attachment.{checked.extension}"


def _store(
    uow_factory: UnitOfWorkFactory,
    storage: AttachmentStorage,
    actor: Actor,
    upload: Upload,
    now: datetime,
    max_bytes: int,
    *,
    folder: str,
    target: tuple[int | None, int | None],
    also: Callable[[UnitOfWork], object] | None = None,
) -> Attachment:
    checked = check_upload(upload.data, upload.kind, max_bytes=max_bytes)
    key = f"{folder}/{secrets.token_hex(16)}.{checked.extension}"
    storage.put(key, checked.data)
    try:
        with uow_factory() as uow:
            rma_id, unit_id = target
            attachment_id = uow.attachments.add(
                NewAttachment(
                    kind=upload.kind,
                    file_name=_shown_name(upload.file_name, checked),
                    content_type=checked.content_type,
                    size_bytes=len(checked.data),
                    sha256=hashlib.sha256(checked.data).hexdigest(),
                    storage_key=key,
                    uploaded_at=now,
                    rma_id=rma_id,
                    unit_id=unit_id,
                    uploaded_by=actor.user_id,
                )
            )
            stored = uow.attachments.get(attachment_id)
            assert stored is not None  # written just now, in this transaction
            if also is not None:
                also(uow)
    except BaseException:
        storage.delete(key)
        raise
    return stored


def attach_to_rma(
    uow_factory: UnitOfWorkFactory,
    storage: AttachmentStorage,
    actor: Actor,
    rma_ref: str | int,
    upload: Upload,
    now: datetime,
    *,
    max_bytes: int,
    book: PolicyBook,
) -> Attachment:
    """Attach ``upload`` to the RMA (and so to its unit); ``NotFound`` if not the actor's,
    ``InvalidInput`` if the RMA is closed or the file is refused. Sent by the customer's
    side, it ends a wait for documents (``book``: the service centre's calendar)."""
    with uow_factory(read_only=True) as uow:
        rma = visible_rma(uow, actor, rma_ref)
    if rma.is_final:
        raise InvalidInput(
            N_("the RMA is closed"),
            [
                Problem(
                    Said(
                        N_("RMA %(rma)s is %(state)s: nothing more is attached"),
                        rma=str(rma.number or rma.id),
                        state=named_state(rma.state),  # the API: its code; a page: its name
                    ),
                    "rma",
                )
            ],
        )
    return _store(
        uow_factory,
        storage,
        actor,
        upload,
        now,
        max_bytes,
        folder=f"rma/{rma.id}",
        target=(rma.id, rma.unit_id),
        also=None
        if actor.is_staff
        else lambda uow: resume_clocks(uow, book, rma, "documents", actor, now),
    )


def attach_to_unit(
    uow_factory: UnitOfWorkFactory,
    storage: AttachmentStorage,
    actor: Actor,
    brand: str,
    serial: str,
    upload: Upload,
    now: datetime,
    *,
    max_bytes: int,
) -> Attachment:
    """Attach ``upload`` to a unit the actor may see (e.g. a proof with its registration)."""
    unit = show_visible_unit(uow_factory, actor, serial, brand)
    with uow_factory(read_only=True) as uow:
        unit_id = uow.units.id_of(unit.brand, unit.serial)
    if unit_id is None:
        raise NotFound(no_unit(serial, brand))
    return _store(
        uow_factory,
        storage,
        actor,
        upload,
        now,
        max_bytes,
        folder=f"unit/{unit_id}",
        target=(None, unit_id),
    )


def attachments_of(uow: UnitOfWork, rma: Rma) -> list[Attachment]:
    """What was sent with ``rma`` and about its unit, oldest first (the caller has checked
    that its actor may see the RMA)."""
    found = {a.id: a for a in uow.attachments.for_rma(rma.id)}
    if rma.unit_id is not None:
        found.update({a.id: a for a in uow.attachments.for_unit(rma.unit_id)})
    return [found[key] for key in sorted(found)]


def rma_attachments(
    uow_factory: UnitOfWorkFactory, actor: Actor, rma_ref: str | int
) -> list[Attachment]:
    """What was sent with the RMA, and about its unit before; ``NotFound`` if not the actor's."""
    with uow_factory(read_only=True) as uow:
        return attachments_of(uow, visible_rma(uow, actor, rma_ref))


def unit_attachments(
    uow_factory: UnitOfWorkFactory, actor: Actor, brand: str, serial: str
) -> list[Attachment]:
    """What was sent about a unit the actor may see."""
    unit = show_visible_unit(uow_factory, actor, serial, brand)
    with uow_factory(read_only=True) as uow:
        unit_id = uow.units.id_of(unit.brand, unit.serial)
        return [] if unit_id is None else uow.attachments.for_unit(unit_id)


def _may_download(uow: UnitOfWork, actor: Actor, attachment: Attachment) -> bool:
    if attachment.rma_id is not None:
        rma = uow.rmas.get(attachment.rma_id)
        if rma is not None and may_see(uow, actor, rma):
            return True
    if attachment.unit_brand is not None and attachment.unit_serial is not None:
        unit = uow.units.get(attachment.unit_brand, attachment.unit_serial)
        return unit is not None and may_see_unit(actor, unit)
    return False


def download(
    uow_factory: UnitOfWorkFactory, storage: AttachmentStorage, actor: Actor, attachment_id: int
) -> tuple[Attachment, bytes]:
    """The attachment and its bytes, if the actor may see its RMA or its unit; else
    ``NotFound``, as if there were none."""
    with uow_factory(read_only=True) as uow:
        attachment = uow.attachments.get(attachment_id)
        if attachment is None or not _may_download(uow, actor, attachment):
            raise NotFound(f"no attachment {attachment_id}")
    try:
        return attachment, storage.get(attachment.storage_key)
    except StoredFileMissing:
        raise NotFound(
            f"attachment {attachment_id}'s file is missing from storage (restore it from backup)"
        ) from None

"""Use cases: a request sent with its files (issue #24): an RMA asked for with a proof of
purchase and photos, a unit registered with its proof of purchase.

When and why: the customer has the files at hand when asking or registering, so
they go with the form. Every file is checked first, so a refused file (its
problem named by the form field it came in, ``proof_file`` or ``photos``) leaves
nothing behind; then the request is made and the files attached to what it made.
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma
from warrantor.domain.units import Unit
from warrantor.errors import InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.services.attachments.content import check_upload
from warrantor.services.attachments.files import Upload, attach_to_rma, attach_to_unit
from warrantor.services.attachments.storage import AttachmentStorage
from warrantor.services.installed_base.registration import Claim, register_my_unit
from warrantor.services.rma.opening import RmaRequest, open_rma
from warrantor.services.sentences import about_file
from warrantor.services.uow import UnitOfWorkFactory

UPLOAD_FIELDS = {"proof_of_purchase": "proof_file", "photo": "photos"}
"""The form field each kind of file comes in when sent with a new RMA."""


def open_rma_with_files(
    uow_factory: UnitOfWorkFactory,
    storage: AttachmentStorage,
    book: PolicyBook,
    actor: Actor,
    request: RmaRequest,
    uploads: list[Upload],
    now: datetime,
    *,
    max_bytes: int,
) -> Rma:
    """Ask for an RMA with a proof of purchase and photos attached."""
    _check_all(uploads, max_bytes)
    rma = open_rma(uow_factory, book, actor, request, now)
    for upload in uploads:
        attach_to_rma(
            uow_factory, storage, actor, rma.id, upload, now, max_bytes=max_bytes, book=book
        )
    return rma


def register_with_proof(
    uow_factory: UnitOfWorkFactory,
    storage: AttachmentStorage,
    book: PolicyBook,
    actor: Actor,
    claim: Claim,
    proof: Upload | None,
    now: datetime,
    *,
    max_bytes: int,
) -> Unit:
    """Register a unit (``register_my_unit``) with its proof of purchase file attached."""
    uploads = [proof] if proof is not None else []
    _check_all(uploads, max_bytes)
    unit = register_my_unit(uow_factory, actor, claim, now, book=book)
    for upload in uploads:
        attach_to_unit(
            uow_factory, storage, actor, unit.brand, unit.serial, upload, now, max_bytes=max_bytes
        )
    return unit


def _check_all(uploads: list[Upload], max_bytes: int) -> None:
    for upload in uploads:
        try:
            check_upload(upload.data, upload.kind, max_bytes=max_bytes)
        except InvalidInput as error:
            field = UPLOAD_FIELDS[upload.kind]
            named = upload.file_name
            problems = [Problem(about_file(named, p.message), field) for p in error.problems]
            raise InvalidInput(error.message, problems) from None

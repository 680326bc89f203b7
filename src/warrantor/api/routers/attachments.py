"""Attachments (issue #24): proofs of purchase and photos on an RMA or a unit.

Send a file as ``multipart/form-data`` with ``kind`` (``proof_of_purchase`` or
``photo``). Its type is read from its bytes (PDF, JPEG, PNG), its size is capped
(``WARRANTOR_ATTACHMENT_MAX_BYTES``), a photo's location is removed and a PDF
with JavaScript or an embedded file is refused (422, naming ``file``). Only who
may see the RMA or the unit lists or downloads them; for anyone else they do
not exist (404). There is no virus scan. The lists page by cursor like every list
(issue #23, item 1: ``limit``, ``cursor``, ``Link`` rel=next; not counted).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import File, Form, Query, Request, UploadFile, status
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from warrantor.api.paging import CursorQuery, send_page_links
from warrantor.api.responses import errors
from warrantor.bootstrap import Runtime
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.attachments.files import Upload, attach_to_rma, attach_to_unit, download
from warrantor.services.attachments.pages import page_rma_attachments, page_unit_attachments
from warrantor.services.paging import MAX_PAGE
from warrantor.services.rma.documents import ask_for_documents
from warrantor.store.attachments import Attachment
from warrantor.views.records import FromRecord, answer_from, record_fields

router = guarded_router(tags=["attachments"])

Kind = Literal["proof_of_purchase", "photo"]

DOWNLOADED: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}
}
"""What a download is: one of the types an attachment may be."""


class AttachmentOut(FromRecord):
    """A stored attachment: what it is (by content), its size, what it is attached to, and
    where to download it (``download``). Not shown: where it is stored, the unit's own id,
    who uploaded it."""

    __annotations__ = record_fields(
        Attachment, leave_out=("storage_key", "unit_id", "uploaded_by"), download=str
    )


def _out(attachment: Attachment) -> AttachmentOut:
    return answer_from(AttachmentOut, attachment, download=f"/api/v1/attachments/{attachment.id}")


async def _attach(
    runtime: Runtime,
    kind: Kind,
    file: UploadFile,
    attach: Callable[[Upload, datetime, int], Attachment],
) -> AttachmentOut:
    """Read the upload (one byte past the cap is enough for the check to say it is too
    large) and hand it to ``attach`` (to an RMA or a unit)."""
    max_bytes = runtime.settings.attachment_max_bytes
    data = await file.read(max_bytes + 1)
    upload = Upload(kind=kind, file_name=file.filename or "", data=data)
    # The checks, the file and the database are blocking work: off the event loop.
    return _out(await run_in_threadpool(attach, upload, runtime.clock.now(), max_bytes))


@router.post(
    "/rmas/{ref}/attachments",
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 404, 422),
)
async def post_rma_attachment(
    ref: str,
    kind: Annotated[Kind, Form()],
    file: Annotated[UploadFile, File()],
    runtime: RuntimeDep,
    actor: ActorDep,
) -> AttachmentOut:
    """Attach a proof of purchase or a photo to an RMA you may see (it is not closed)."""
    storage = runtime.attachments
    return await _attach(
        runtime,
        kind,
        file,
        lambda upload, now, max_bytes: attach_to_rma(
            runtime.uow_factory,
            storage,
            actor,
            ref,
            upload,
            now,
            max_bytes=max_bytes,
            book=runtime.book,
        ),
    )


@router.get("/rmas/{ref}/attachments", responses=errors(401, 404, 422))
def get_rma_attachments(
    ref: str,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[AttachmentOut]:
    """What was sent with the RMA, and about its unit before it: oldest first, a page at a
    time (``Link`` rel=next, ``X-Next-Cursor``; not counted). A cursor not from this list: 422."""
    page = page_rma_attachments(reads_for(request, runtime), actor, ref, limit, cursor)
    send_page_links(request, response, page)
    return [_out(a) for a in page.items]


@router.post(
    "/units/{brand}/{serial}/attachments",
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 404, 422),
)
async def post_unit_attachment(
    brand: str,
    serial: str,
    kind: Annotated[Kind, Form()],
    file: Annotated[UploadFile, File()],
    runtime: RuntimeDep,
    actor: ActorDep,
) -> AttachmentOut:
    """Attach a proof of purchase or a photo to a unit you may see (e.g. one you registered)."""
    storage = runtime.attachments
    return await _attach(
        runtime,
        kind,
        file,
        lambda upload, now, max_bytes: attach_to_unit(
            runtime.uow_factory, storage, actor, brand, serial, upload, now, max_bytes=max_bytes
        ),
    )


@router.get("/units/{brand}/{serial}/attachments", responses=errors(401, 404, 422))
def get_unit_attachments(
    brand: str,
    serial: str,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[AttachmentOut]:
    """What was sent about a unit you may see: oldest first, a page at a time (``Link``
    rel=next, ``X-Next-Cursor``; not counted). A cursor not from this list: 422."""
    reads = reads_for(request, runtime)
    page = page_unit_attachments(reads, actor, brand, serial, limit, cursor)
    send_page_links(request, response, page)
    return [_out(a) for a in page.items]


@router.get(
    "/attachments/{attachment_id}",
    response_class=Response,
    responses={**DOWNLOADED, **errors(401, 404)},
)
def get_attachment(attachment_id: int, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """Download one, if you may see its RMA or its unit (always as a download, never shown
    inline)."""
    attachment, data = download(runtime.uow_factory, runtime.attachments, actor, attachment_id)
    plain = attachment.file_name.encode("ascii", "replace").decode().replace('"', "'")
    exact = quote(attachment.file_name, safe="")
    return Response(
        content=data,
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{exact}",
            "X-Content-Type-Options": "nosniff",
        },
    )


class DocumentsAskedIn(BaseModel):
    documents: str = Field(description="What the customer is asked to send, in plain words")


class DocumentsAskedOut(BaseModel):
    """The request as the customer's mail states it."""

    rma_id: int
    documents: str
    page: str = Field(description="Where the customer sends them (the RMA's page)")


@router.post(
    "/rmas/{ref}/documents-requests",
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 403, 404, 409, 422),
)
def post_documents_request(
    ref: str, body: DocumentsAskedIn, runtime: RuntimeDep, actor: ActorDep
) -> DocumentsAskedOut:
    """The desk asks the customer for documents (a proof of purchase, photos): a note on
    the RMA and a mail telling the customer where to send them."""
    rma = ask_for_documents(
        runtime.uow_factory,
        actor,
        ref,
        body.documents,
        runtime.clock.now(),
        page_for=customer_page(runtime),
    )
    page = customer_page(runtime)(rma.id)
    return DocumentsAskedOut(rma_id=rma.id, documents=body.documents.strip(), page=page)


def customer_page(runtime: Runtime) -> Callable[[int], str]:
    """The address of an RMA's page for its customer, where they send documents."""
    base = runtime.settings.effective_base_url
    return lambda rma_id: f"{base}/my/rmas/{rma_id}"

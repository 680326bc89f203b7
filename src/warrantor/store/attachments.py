"""Repository: attachments' rows (issue #24). The bytes are behind the storage port."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, or_, select

from warrantor.store.tables import brands, units
from warrantor.store.tables_attachments import attachments


@dataclass(frozen=True, slots=True)
class NewAttachment:
    """A checked file, stored under ``storage_key``, to record."""

    kind: str
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str
    storage_key: str
    uploaded_at: datetime
    rma_id: int | None = None
    unit_id: int | None = None
    uploaded_by: int | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A stored attachment and what it is attached to."""

    id: int
    kind: str
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str
    storage_key: str
    uploaded_at: datetime
    rma_id: int | None
    unit_id: int | None
    uploaded_by: int | None
    unit_brand: str | None
    """The unit's brand and serial, when it is attached to a unit (to check who sees it)."""
    unit_serial: str | None


def _query() -> Select[Any]:
    return (
        select(
            attachments,
            brands.c.name.label("unit_brand"),
            units.c.serial.label("unit_serial"),
        )
        .outerjoin(units, units.c.id == attachments.c.unit_id)
        .outerjoin(brands, brands.c.id == units.c.brand_id)
        .order_by(attachments.c.id)
    )


def _attachment(row: Row[Any]) -> Attachment:
    return Attachment(**row._mapping)


class AttachmentRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, new: NewAttachment) -> int:
        result = self._connection.execute(
            attachments.insert()
            .values(
                kind=new.kind,
                file_name=new.file_name,
                content_type=new.content_type,
                size_bytes=new.size_bytes,
                sha256=new.sha256,
                storage_key=new.storage_key,
                uploaded_at=new.uploaded_at,
                rma_id=new.rma_id,
                unit_id=new.unit_id,
                uploaded_by=new.uploaded_by,
            )
            .returning(attachments.c.id)
        )
        return int(result.scalar_one())

    def get(self, attachment_id: int) -> Attachment | None:
        row = self._connection.execute(
            _query().where(attachments.c.id == attachment_id)
        ).one_or_none()
        return None if row is None else _attachment(row)

    def for_rma(self, rma_id: int) -> list[Attachment]:
        """Those sent with the RMA, oldest first."""
        rows = self._connection.execute(_query().where(attachments.c.rma_id == rma_id))
        return [_attachment(row) for row in rows]

    def page_of(
        self, rma_id: int | None, unit_id: int | None, after_id: int | None, limit: int
    ) -> list[Attachment]:
        """Those sent with the RMA ``rma_id`` or about the unit ``unit_id`` (either may be
        ``None``), oldest first by id, after ``after_id``: at most ``limit`` (a keyset page
        over ix_attachments_rma_id and ix_attachments_unit_id)."""
        about = [
            column == wanted
            for column, wanted in ((attachments.c.rma_id, rma_id), (attachments.c.unit_id, unit_id))
            if wanted is not None
        ]
        if not about:
            return []
        query = _query().where(or_(*about)).limit(limit)
        if after_id is not None:
            query = query.where(attachments.c.id > after_id)
        return [_attachment(row) for row in self._connection.execute(query)]

    def for_unit(self, unit_id: int) -> list[Attachment]:
        """Those about the unit (sent when registering it or with any of its RMAs)."""
        rows = self._connection.execute(_query().where(attachments.c.unit_id == unit_id))
        return [_attachment(row) for row in rows]

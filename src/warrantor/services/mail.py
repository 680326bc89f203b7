"""Use case: put a message in the mail outbox, in the caller's transaction (issue #5).

Owned by the mail work. The outbox is sent by ``warrantor worker``; because a
message is written in the same transaction as the change it tells about, a
rolled-back change sends nothing and a committed one is never lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from warrantor.services.uow import UnitOfWork

RmaNotice = Literal["number_issued", "received", "decided", "shipped"]
"""The moments the customer is told about (issue #5, item 8)."""


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
) -> None:
    """Write the customer's message about ``rma_number`` to the outbox."""
    raise NotImplementedError("the mail outbox is being built (issue #5)")

"""Telling an RMA's customer about a step, in the same unit of work as the step (issue #5).

One place for the desk's mail calls: the message goes to the RMA's contact
e-mail and names its number, brand and serial (``services.outbox.mail``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from warrantor.domain.rma import Rma
from warrantor.services.outbox.mail import RmaNotice, queue_rma_notice
from warrantor.services.uow import UnitOfWork


def notify_customer(
    uow: UnitOfWork, rma: Rma, notice: RmaNotice, details: Mapping[str, str], now: datetime
) -> None:
    """Queue ``notice`` about ``rma`` (which has its number by then) to its contact."""
    assert rma.number is not None, "customers are told about numbered RMAs only"
    queue_rma_notice(
        uow,
        notice=notice,
        to=rma.contact_email,
        rma_number=rma.number,
        brand=rma.brand,
        serial=rma.serial,
        details=details,
        now=now,
    )

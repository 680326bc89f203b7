"""Queueing mail: written in the caller's transaction, so it goes out only with the change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warrantor.errors import InvalidInput
from warrantor.services.outbox.mail import RmaNotice, queue_mail, queue_rma_notice
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.tables_outbox import outbox

TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SHIPPED = {"carrier": "UPS", "tracking": "1Z999AA10123456784"}


class ChangeUndone(Exception):
    pass


def queue_notice(uow_factory: UnitOfWorkFactory, notice: RmaNotice, details: dict[str, str]) -> int:
    """Queue ``notice`` about one RMA in its own unit of work."""
    with uow_factory() as uow:
        return queue_rma_notice(
            uow,
            notice=notice,
            to="ana@example.com",
            rma_number="QNAP-2026-000042",
            brand="QNAP",
            serial="Q21ABC0001",
            details=details,
            now=TODAY,
        )


def count_messages(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return sum(uow.outbox.counts().values())


def test_an_rma_notice_is_stored_pending_with_its_text_topic_and_reference(
    uow_factory: UnitOfWorkFactory,
) -> None:
    message_id = queue_notice(uow_factory, "shipped", SHIPPED)

    with uow_factory() as uow:
        message = uow.outbox.get(message_id)
    assert message is not None
    assert message.status == "pending"
    assert message.attempts == 0
    assert message.next_attempt_at == TODAY
    assert message.topic == "rma.shipped"
    assert message.reference == "QNAP-2026-000042"
    assert message.to_address == "ana@example.com"
    assert "QNAP-2026-000042" in message.subject
    assert "Tracking number: 1Z999AA10123456784" in message.body


def test_a_change_that_is_rolled_back_sends_nothing(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(ChangeUndone), uow_factory() as uow:
        queue_rma_notice(
            uow,
            notice="received",
            to="ana@example.com",
            rma_number="QNAP-2026-000042",
            brand="QNAP",
            serial="Q21ABC0001",
            details={},
            now=TODAY,
        )
        raise ChangeUndone

    assert count_messages(uow_factory) == 0


def test_a_notice_without_what_the_customer_needs_is_refused_naming_the_detail(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        queue_notice(uow_factory, "shipped", {"carrier": "UPS"})

    assert [p.field for p in refused.value.problems] == ["details.tracking"]
    assert count_messages(uow_factory) == 0


def test_a_number_issued_notice_needs_the_address_and_who_pays_the_shipping(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        queue_notice(uow_factory, "number_issued", {"shipping_paid_by": "  "})

    assert [p.field for p in refused.value.problems] == [
        "details.ship_to",
        "details.shipping_paid_by",
    ]


@pytest.mark.parametrize(
    "to",
    ["", "ana", "ana@localhost", "Ana <ana@example.com>", "ana@example.com\nBcc: x@y.com"],
)
def test_a_message_to_something_that_is_not_an_address_is_refused(
    uow_factory: UnitOfWorkFactory, to: str
) -> None:
    with pytest.raises(InvalidInput) as refused, uow_factory() as uow:
        queue_mail(uow, to=to, subject="Hello", body="x", now=TODAY, topic="test", reference="R-1")

    assert [p.field for p in refused.value.problems] == ["to"]
    assert count_messages(uow_factory) == 0


def test_a_subject_cannot_smuggle_in_another_header(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(InvalidInput) as refused, uow_factory() as uow:
        queue_mail(
            uow,
            to="ana@example.com",
            subject="Hello\r\nBcc: everyone@example.com",
            body="x",
            now=TODAY,
            topic="test",
            reference="R-1",
        )

    assert [p.field for p in refused.value.problems] == ["subject"]


def test_a_generic_message_is_stored_as_given(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        message_id = queue_mail(
            uow,
            to="ops@example.com",
            subject="Quote Q-7 accepted",
            body="Line one\nLine two\n",
            now=TODAY,
            topic="sales.quote_accepted",
            reference="Q-7",
        )

    with uow_factory() as uow:
        rows = uow.connection.execute(outbox.select()).all()
    assert [(r.id, r.subject, r.body, r.topic) for r in rows] == [
        (message_id, "Quote Q-7 accepted", "Line one\nLine two\n", "sales.quote_accepted")
    ]

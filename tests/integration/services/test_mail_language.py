"""Mail in the recipient's language (issue #26, item 1): their stored setting, else the
language of the request that caused the mail, else their account's country's; English
when none says otherwise. Dates in a mail follow its language; clause sentences and what
people typed stay as written."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import ANN, NOW, request, seed

from warrantor.domain.actors import Actor
from warrantor.i18n.locales import REQUEST_LOCALE
from warrantor.services.access.language import mail_locale, set_language
from warrantor.services.access.sessions import actor_of
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.rma.opening import open_rma
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.outbox import OutboxMessage

PASSWORD = "correct horse battery staple"


@pytest.fixture
def desk(uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any) -> Any:
    seed(uow_factory, add_units)
    return policy_book


def _ann_user(uow_factory: UnitOfWorkFactory) -> Actor:
    user = create_user(
        uow_factory,
        Actor.operator(),
        NewUser("ann@example.com", "Ann", "customer", "CUST-ANN", PASSWORD),
        NOW,
    )
    return actor_of(user)


def _told(uow_factory: UnitOfWorkFactory, rma_id: int) -> OutboxMessage:
    with uow_factory() as uow:
        [message] = uow.outbox.find(reference=f"#{rma_id}")
    return message


def test_a_customer_who_chose_chinese_is_written_to_in_chinese(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    set_language(uow_factory, _ann_user(uow_factory), "zh_Hans")
    token = REQUEST_LOCALE.set("de")  # the stored setting wins over the request's language
    try:
        rma = open_rma(uow_factory, desk, ANN, request(), NOW)
    finally:
        REQUEST_LOCALE.reset(token)

    told = _told(uow_factory, rma.id)
    assert told.subject == f"QNAP RMA 申请 #{rma.id}：我们已收到您的申请"
    assert told.body.startswith("您好：")
    assert "您的描述： does not power on" in told.body  # what Ann typed stays as written
    assert "QNAP 服务台（由 Warrantor 发送）" in told.body
    assert "Hello" not in told.body


def test_without_a_setting_the_request_that_caused_the_mail_decides(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    _ann_user(uow_factory)  # a user, but no language chosen
    token = REQUEST_LOCALE.set("de")
    try:
        rma = open_rma(uow_factory, desk, ANN, request(), NOW)
    finally:
        REQUEST_LOCALE.reset(token)

    told = _told(uow_factory, rma.id)
    assert told.subject == f"QNAP RMA-Anfrage #{rma.id}: Ihre Anfrage ist eingegangen"
    assert told.body.startswith("Hallo,")


def test_without_a_setting_or_a_request_the_accounts_country_decides(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    with uow_factory() as uow:
        assert mail_locale(uow, "ann@example.com", "US") == "en"
        assert mail_locale(uow, "nobody@example.com", "CN") == "zh_Hans"
        assert mail_locale(uow, "nobody@example.com", "DE") == "de"
        assert mail_locale(uow, "nobody@example.com", None) == "en"
        uow.accounts.upsert(Account("CUST-ANN", "Ann Schmidt", "customer", country="DE"), NOW)

    rma = open_rma(uow_factory, desk, ANN, request(), NOW)  # no request, no user: Germany

    told = _told(uow_factory, rma.id)
    assert told.subject.startswith("QNAP RMA-Anfrage")


def test_english_stays_as_it_was(uow_factory: UnitOfWorkFactory, desk: Any) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)

    told = _told(uow_factory, rma.id)
    assert told.subject == f"QNAP RMA request #{rma.id}: we have your request"
    assert told.body.startswith("Hello,")

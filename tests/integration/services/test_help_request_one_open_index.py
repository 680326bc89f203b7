"""One open help request per customer and unit, held by the database too (issue #23, item 7),
on both engines.

The service checks for an open request before it stores one; two requests sent at the
same time both pass that check before either is stored. The partial unique index
``uq_help_requests_one_open`` refuses the second, and the customer gets the same answer
as when the check sees the first: which request already waits for an agent.
"""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, BOB, NOW, seed
from sqlalchemy.exc import IntegrityError

from warrantor.bootstrap import Runtime
from warrantor.errors import Conflict
from warrantor.services.help_requests.requests import HelpAsk, open_help_request
from warrantor.services.help_requests.resolution import reject_help_request
from warrantor.store.help_requests import HelpRequestRepository, NewHelpRequest

SERIAL = "Q26HELP777"


@pytest.fixture
def desk(runtime: Runtime, add_units: Any) -> Runtime:
    seed(runtime.uow_factory, add_units)
    return runtime


def ask(runtime: Runtime, actor: Any = ANN) -> int:
    made = open_help_request(
        runtime.uow_factory,
        runtime.attachments,
        actor,
        HelpAsk(
            "QNAP",
            SERIAL,
            "the check says unknown serial",
            model="TS-453 Pro",
            contact_email=f"{actor.account_code.lower()}@example.com",
        ),
        None,
        NOW,
        brands=runtime.book.brands(),
        max_bytes=1_000_000,
    )
    return made.id


def open_ids(runtime: Runtime) -> list[int]:
    with runtime.uow_factory(read_only=True) as uow:
        return [r.id for r in HelpRequestRepository(uow.connection).page("open", None, 50, None)]


def test_the_index_refuses_a_second_open_request_of_one_account_about_one_unit(
    desk: Runtime,
) -> None:
    first = ask(desk)
    with desk.uow_factory(read_only=True) as uow:
        account_id = uow.accounts.id_of("CUST-ANN")
    assert account_id is not None
    twin = NewHelpRequest(
        kind="unknown_serial",
        account_id=account_id,
        opened_by=None,
        contact_email="ann@example.com",
        brand="QNAP",
        serial=SERIAL,
        model=None,
        purchased_on=None,
        proof_of_purchase=None,
        description="again",
        proof=None,
        opened_at=NOW,
    )

    with pytest.raises(IntegrityError), desk.uow_factory() as uow:
        HelpRequestRepository(uow.connection).add(twin)  # the bare insert, no check before it

    assert open_ids(desk) == [first]


def test_two_requests_sent_at_once_answer_the_same_conflict_when_the_index_refuses_one(
    desk: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ask(desk)
    # the race: the second request's check ran before the first was stored, so it saw none
    monkeypatch.setattr(
        HelpRequestRepository, "open_one", _blind_first_time(HelpRequestRepository.open_one)
    )

    with pytest.raises(Conflict) as refused:
        ask(desk)

    assert str(refused.value) == (
        f"you already asked about QNAP {SERIAL}: help request {first} waits for an agent"
    )
    assert open_ids(desk) == [first]


def test_a_closed_request_does_not_hold_back_a_new_one_nor_another_customers(
    desk: Runtime,
) -> None:
    first = ask(desk)
    bobs = ask(desk, BOB)  # another account, the same unit: its own request
    reject_help_request(desk.uow_factory, AGENT, first, "no proof of purchase", NOW)

    again = ask(desk)

    assert open_ids(desk) == [bobs, again]
    with pytest.raises(Conflict, match=f"help request {again} waits"):
        ask(desk)


def _blind_first_time(real: Any) -> Any:
    """``open_one`` that finds nothing the first time it is asked (the check before the
    insert), then reads the table (the answer after the index refused)."""
    asked = []

    def open_one(
        self: HelpRequestRepository, account_id: int, brand: str, serial: str
    ) -> int | None:
        asked.append(serial)
        return None if len(asked) == 1 else real(self, account_id, brand, serial)

    return open_one

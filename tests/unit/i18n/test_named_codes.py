"""A code in a sentence (issue #26, item 1; #25: names, not codes): the English the API and
the CLI answer keeps an RMA's state's code; a page writes its name, in the reader's language."""

from __future__ import annotations

import copy
import pickle

from warrantor.domain.rma import STATE_NAMES, STATES, named_state
from warrantor.errors import Said
from warrantor.i18n.sentences import localised
from warrantor.services.rma.workshop_common import WRONG_STATE


def _refused() -> Said:
    when = (named_state("quote_pending"),)
    values = {"rma": "R1", "state": named_state("requested"), "when": when}
    return Said(WRONG_STATE, **values, doing=Said("answer a quote"))


def test_the_api_keeps_the_code_and_a_page_writes_the_name() -> None:
    refused = _refused()
    assert refused == "RMA R1 is requested: cannot answer a quote (only when quote_pending)"
    assert localised(refused, "en") == (
        "RMA R1 is Requested: cannot answer a quote "
        "(only when Paid-repair quote waiting for an answer)"
    )
    assert localised(refused, "de") == (
        "RMA R1 ist im Status Angefragt: einen Kostenvoranschlag beantworten ist nicht möglich "
        "(nur im Status Kostenvoranschlag für eine kostenpflichtige Reparatur wartet auf Antwort)"
    )
    assert localised(refused, "zh_Hans") == (
        "RMA R1 处于 已申请 状态：无法答复报价（仅限 付费维修报价等待答复 状态）"
    )


def test_every_state_has_a_name() -> None:
    assert set(STATE_NAMES) == set(STATES)
    assert named_state("shipped").name == "Shipped back" and named_state("shipped") == "shipped"


def test_a_named_code_survives_a_copy_and_pickling() -> None:
    closed = copy.deepcopy(named_state("closed"))
    assert closed == "closed" and closed.name == "Closed"
    refused = pickle.loads(pickle.dumps(_refused()))
    assert localised(refused, "de") == localised(_refused(), "de")

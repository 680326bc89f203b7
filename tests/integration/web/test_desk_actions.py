"""The desk's remaining actions, driven through the real forms of the RMA panel and receive page.

An agent writes troubleshooting notes, starts troubleshooting, resolves
remotely, cancels or rejects (with a reason); a technician records the parts
a repair used; the desk records the costs of an unauthorized return and
returns it or disposes of it where the policy allows (not a Netac unit).
Each form works without JavaScript (303 back to its page) and with htmx
(the panel alone); a wrong role is refused and a wrong field is named.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from portal_support import (
    AGENT,
    ANN,
    NOW,
    TECH,
    add_accounts,
    field_error,
    summary_links,
    validate_on_desk,
)

from warrantor.domain.actors import Actor
from warrantor.services.installed_base.registration import Claim, register_my_unit
from warrantor.services.rma.holding import set_holding_period

HTMX = {"HX-Request": "true"}
UNIT = {"brand": "QNAP", "serial": "QACT0001", "model": "TS-453 Pro",
        "manufactured_on": "2025-09-01", "country_of_purchase": "US"}  # fmt: skip
SSD = {"brand": "Netac", "serial": "NACT0001", "model": "NV7000 2TB",
       "manufactured_on": "2025-09-01", "country_of_purchase": "CN"}  # fmt: skip


@pytest.fixture
def ann_units(uow_factory: Any, add_units: Any, policy_book: Any) -> None:
    add_accounts(uow_factory)
    add_units([UNIT, SSD])
    for brand, serial in (("QNAP", "QACT0001"), ("Netac", "NACT0001")):
        claim = Claim(brand, serial, NOW.date().replace(month=10, day=1), "INV-A1")
        register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)


def _ask(client_as: Any) -> int:
    """Ann asks for an RMA on her QNAP unit; its id."""
    form = {"brand": "QNAP", "serial": "QACT0001", "symptom": "does not boot",
            "contact_name": "Ann", "contact_email": "ann@example.com",
            "backup_acknowledged": "yes"}  # fmt: skip
    asked = client_as(ANN).post("/my/rmas/new", data=form, follow_redirects=False)
    assert asked.status_code == 303, asked.text
    return int(asked.headers["location"].rsplit("/", 1)[1])


def _repairing(client_as: Any) -> int:
    """An RMA taken through the desk pages to the workshop, decided covered: repairing."""
    agent, tech = client_as(AGENT), client_as(TECH)
    rma_id = _ask(client_as)
    validate_on_desk(agent, rma_id)
    issued = agent.post(f"/desk/rmas/{rma_id}/issue", data={})
    number = re.search(r"<dt>RMA</dt><dd>(\S+)", issued.text).group(1)
    tech.post("/desk/receive", data={"rma_number": number})
    tech.post(f"/desk/rmas/{rma_id}/inspect", data={"note": "no damage"})
    tech.post(f"/desk/rmas/{rma_id}/decide", data={})
    return rma_id


def _rma(uow_factory: Any, rma_id: int) -> Any:
    """The stored RMA, its transitions after opening, and its notes."""
    with uow_factory() as uow:
        steps = [t for t in uow.rmas.timeline(rma_id) if t.event != "open"]
        return uow.rmas.get(rma_id), steps, uow.rmas.notes(rma_id)


def _offers(html: str, action: str) -> bool:
    """Whether the panel has a form posting to ``action``."""
    return re.search(rf'action="/desk/rmas/[^/"]+/{action}"', html) is not None


def _buttons(html: str) -> set[str]:
    return set(re.findall(r'<button type="submit" name="event" value="([a-z_]+)"', html))


# --- troubleshooting, resolving, cancelling, rejecting --------------------------------------


def test_an_agent_notes_troubleshooting_then_resolves_the_case_remotely(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    agent = client_as(AGENT)
    rma_id = _ask(client_as)

    noted = agent.post(f"/desk/rmas/{rma_id}/note", data={"text": "asked for the logs"},
                       follow_redirects=False)  # fmt: skip
    assert noted.status_code == 303 and noted.headers["location"] == f"/desk/rmas/{rma_id}"
    started = agent.post(f"/desk/rmas/{rma_id}/event", data={"event": "start_troubleshooting"},
                         headers=HTMX)  # fmt: skip
    assert started.status_code == 200 and "<html" not in started.text
    assert "Now troubleshooting." in started.text
    assert "asked for the logs" in started.text  # the panel shows the desk's notes
    resolved = agent.post(f"/desk/rmas/{rma_id}/event",
                          data={"event": "resolve_remotely", "reason": "firmware 5.1 fixed it"},
                          follow_redirects=False)  # fmt: skip
    assert resolved.status_code == 303

    rma, timeline, notes = _rma(uow_factory, rma_id)
    assert rma.state == "resolved_remotely"
    assert [(t.event, t.reason) for t in timeline] == [
        ("start_troubleshooting", "start troubleshooting"),
        ("resolve_remotely", "firmware 5.1 fixed it"),
    ]
    assert [text for _, _, text in notes] == ["asked for the logs"]
    assert "firmware 5.1 fixed it" in client_as(ANN).get(f"/my/rmas/{rma_id}").text


def test_the_panel_offers_only_the_steps_the_state_and_the_role_allow(
    client_as: Any, ann_units: None
) -> None:
    agent, tech = client_as(AGENT), client_as(TECH)
    rma_id = _ask(client_as)
    assert _buttons(agent.get(f"/desk/rmas/{rma_id}").text) == {
        "start_troubleshooting",
        "skip_troubleshooting",  # QNAP's policy puts troubleshooting first (issue 19)
        "cancel",
        "reject",
    }
    assert _buttons(tech.get(f"/desk/rmas/{rma_id}").text) == set()  # not the workshop's steps
    agent.post(f"/desk/rmas/{rma_id}/event", data={"event": "start_troubleshooting"})
    assert _buttons(agent.get(f"/desk/rmas/{rma_id}").text) == {
        "resolve_remotely",
        "cancel",
        "reject",
    }
    page = agent.get(f"/desk/rmas/{rma_id}").text
    assert '<label for="f-reason">Reason' in page and '<label for="f-text">' in page
    assert 'name="csrf_token"' in page


def test_an_agent_rejects_with_a_reason_and_the_closed_case_offers_no_more_steps(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    agent = client_as(AGENT)
    rma_id = _ask(client_as)
    rejected = agent.post(f"/desk/rmas/{rma_id}/event",
                          data={"event": "reject", "reason": "bought outside the region"},
                          headers=HTMX)  # fmt: skip
    assert rejected.status_code == 200 and "Now rejected." in rejected.text
    assert _buttons(rejected.text) == set()
    assert not _offers(rejected.text, "note")  # a final case takes no notes
    rma, timeline, _ = _rma(uow_factory, rma_id)
    assert rma.state == "rejected"
    assert (timeline[-1].event, timeline[-1].reason, timeline[-1].actor_user_id) == (
        "reject",
        "bought outside the region",
        AGENT.user_id,
    )


def test_an_agent_cancels_for_the_customer_with_a_reason(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    rma_id = _ask(client_as)
    cancelled = client_as(AGENT).post(f"/desk/rmas/{rma_id}/event",
                                      data={"event": "cancel", "reason": "customer phoned"},
                                      follow_redirects=False)  # fmt: skip
    assert cancelled.status_code == 303
    rma, timeline, _ = _rma(uow_factory, rma_id)
    assert rma.state == "cancelled" and timeline[-1].reason == "customer phoned"


@pytest.mark.parametrize("event", ["cancel", "reject"])
def test_ending_a_case_without_a_reason_names_the_reason_field_and_changes_nothing(
    client_as: Any, ann_units: None, uow_factory: Any, event: str
) -> None:
    rma_id = _ask(client_as)
    page = client_as(AGENT).post(f"/desk/rmas/{rma_id}/event", data={"event": event, "reason": " "})
    assert page.status_code == 422
    assert "reason" in summary_links(page.text)
    assert "a reason is needed" in field_error(page.text, "reason")
    rma, timeline, _ = _rma(uow_factory, rma_id)
    assert rma.state == "requested" and timeline == []


def test_an_empty_note_is_named_and_not_stored(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    rma_id = _ask(client_as)
    page = client_as(AGENT).post(f"/desk/rmas/{rma_id}/note", data={"text": ""}, headers=HTMX)
    assert page.status_code == 422
    assert "write something" in field_error(page.text, "text")
    assert _rma(uow_factory, rma_id)[2] == []


def test_a_customer_can_neither_note_nor_reject_through_the_desk(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    ann = client_as(ANN)
    rma_id = _ask(client_as)
    assert ann.post(f"/desk/rmas/{rma_id}/note", data={"text": "hi"}).status_code == 403
    refused = ann.post(f"/desk/rmas/{rma_id}/event", data={"event": "reject", "reason": "x"})
    assert refused.status_code == 403
    rma, timeline, notes = _rma(uow_factory, rma_id)
    assert rma.state == "requested" and timeline == [] and notes == []


def test_a_technician_may_not_reject_a_request(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    rma_id = _ask(client_as)
    page = client_as(TECH).post(f"/desk/rmas/{rma_id}/event",
                                data={"event": "reject", "reason": "no"})  # fmt: skip
    assert page.status_code == 422
    assert "may not reject" in page.text
    assert _rma(uow_factory, rma_id)[0].state == "requested"


# --- repair parts -------------------------------------------------------------------------


def test_a_technician_records_the_parts_a_repair_used(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    tech = client_as(TECH)
    rma_id = _repairing(client_as)
    assert _offers(tech.get(f"/desk/rmas/{rma_id}").text, "parts")
    first = {"part": "power supply", "part_number": "PSU-90W", "quantity": "1",
             "replaced": "replaced", "part_note": "burnt"}  # fmt: skip
    posted = tech.post(f"/desk/rmas/{rma_id}/parts", data=first, follow_redirects=False)
    assert posted.status_code == 303
    second = {"part": "thermal pad", "quantity": "2", "replaced": "added"}
    panel = tech.post(f"/desk/rmas/{rma_id}/parts", data=second, headers=HTMX)
    assert panel.status_code == 200 and "<html" not in panel.text
    assert "Part recorded: thermal pad (2 on this RMA)." in panel.text
    assert "Parts used" in panel.text and "PSU-90W" in panel.text

    with uow_factory() as uow:
        parts = uow.workshop.parts(rma_id)
    assert [(p.part, p.part_number, p.quantity, p.replaced, p.note) for p in parts] == [
        ("power supply", "PSU-90W", 1, True, "burnt"),
        ("thermal pad", None, 2, False, ""),
    ]
    assert parts[0].removed_part_owner is not None and parts[1].removed_part_owner is None
    assert parts[0].recorded_by == parts[1].recorded_by  # the signed-in technician


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"part": " ", "quantity": "1"}, "part", "name the part"),
        ({"part": "fan", "quantity": "two"}, "quantity", "a whole number"),
        ({"part": "fan", "quantity": "0"}, "quantity", "must be at least 1"),
    ],
)
def test_a_wrong_part_field_is_named_next_to_it_and_nothing_is_recorded(
    client_as: Any,
    ann_units: None,
    uow_factory: Any,
    fields: dict[str, str],
    field: str,
    message: str,
) -> None:
    rma_id = _repairing(client_as)
    page = client_as(TECH).post(f"/desk/rmas/{rma_id}/parts", data=fields | {"replaced": "added"})
    assert page.status_code == 422
    assert field in summary_links(page.text)
    assert message in field_error(page.text, field)
    with uow_factory() as uow:
        assert uow.workshop.parts(rma_id) == ()


def test_parts_are_the_workshops_to_record(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    rma_id = _repairing(client_as)
    part = {"part": "fan", "quantity": "1", "replaced": "replaced"}
    assert client_as(ANN).post(f"/desk/rmas/{rma_id}/parts", data=part).status_code == 403
    agent_page = client_as(AGENT).post(f"/desk/rmas/{rma_id}/parts", data=part)
    assert agent_page.status_code == 422 and "may not do workshop work" in agent_page.text
    assert not _offers(agent_page.text, "parts")  # no form offered
    with uow_factory() as uow:
        assert uow.workshop.parts(rma_id) == ()


# --- unauthorized returns -----------------------------------------------------------------


def _held(client_as: Any, brand: str, serial: str) -> int:
    """A parcel without an RMA number, received at the desk: held; its id from the list."""
    tech = client_as(TECH)
    parcel = {"brand": brand, "serial": serial, "sender_name": "Someone", "carrier": "DHL"}
    assert "held as an unauthorized return" in tech.post("/desk/receive", data=parcel).text
    listed = re.findall(r'<a href="/desk/unauthorized/(\d+)">Parcel \d+: (\S+) (\S+)</a>',
                        tech.get("/desk/receive").text)  # fmt: skip
    return next(int(pid) for pid, b, s in listed if (b, s) == (brand, serial))


def _parcel(uow_factory: Any, parcel_id: int) -> Any:
    with uow_factory() as uow:
        return uow.parcels.get(parcel_id)


def test_the_desk_charges_costs_and_returns_a_held_unit_to_its_sender(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    tech = client_as(TECH)
    parcel_id = _held(client_as, "QNAP", "QACT0001")
    page = tech.get(f"/desk/unauthorized/{parcel_id}").text
    assert '<label for="f-what">' in page and 'name="csrf_token"' in page

    cost = {"what": "storage", "amount": "15.00", "currency": "usd"}
    posted = tech.post(f"/desk/unauthorized/{parcel_id}/cost", data=cost, follow_redirects=False)
    assert posted.status_code == 303
    assert posted.headers["location"] == f"/desk/unauthorized/{parcel_id}"
    panel = tech.post(f"/desk/unauthorized/{parcel_id}/cost",
                      data={"what": "return postage", "amount": "9", "currency": "USD"},
                      headers=HTMX)  # fmt: skip
    assert panel.status_code == 200 and "<html" not in panel.text
    assert "the sender owes USD 24.00" in panel.text
    returned = tech.post(f"/desk/unauthorized/{parcel_id}/return",
                         data={"carrier": "UPS", "tracking": "1ZBACK"}, headers=HTMX)  # fmt: skip
    assert returned.status_code == 200 and "Returned to Someone" in returned.text

    parcel = _parcel(uow_factory, parcel_id)
    assert parcel.status == "returned"
    assert (parcel.return_carrier, parcel.return_tracking) == ("UPS", "1ZBACK")
    assert [(c.what, c.amount_minor, c.currency) for c in parcel.costs] == [
        ("storage", 1500, "USD"),
        ("return postage", 900, "USD"),
    ]
    assert f"/desk/unauthorized/{parcel_id}" not in tech.get("/desk/receive").text  # not held


def test_a_qnap_unit_may_be_disposed_of(client_as: Any, ann_units: None, uow_factory: Any) -> None:
    parcel_id = _held(client_as, "QNAP", "QACT0001")
    done = client_as(AGENT).post(
        f"/desk/unauthorized/{parcel_id}/dispose",
        data={"dispose_note": "unclaimed"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    parcel = _parcel(uow_factory, parcel_id)
    assert parcel.status == "disposed" and "unclaimed" in (parcel.resolution_note or "")


def test_a_held_units_page_and_its_disposal_quote_the_clause_that_allows_it(
    client_as: Any, ann_units: None
) -> None:
    clause = "QNAP reserves the right to dispose said unit at will."
    parcel_id = _held(client_as, "QNAP", "QACT0001")
    agent = client_as(AGENT)
    held = agent.get(f"/desk/unauthorized/{parcel_id}").text
    assert clause in held and "(qnap.rma.without-number)" in held

    done = agent.post(f"/desk/unauthorized/{parcel_id}/dispose", data={}, headers=HTMX)

    assert done.status_code == 200
    notice = re.search(r'<div class="card notice" role="status"><p>(.*?)</p>', done.text)
    assert notice is not None and "Disposed of, as the policy allows: " in notice[1]
    assert clause in notice[1] and "(qnap.rma.without-number)" in notice[1]


def test_a_netac_unit_may_not_be_disposed_of_and_the_desk_says_why(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    parcel_id = _held(client_as, "Netac", "NACT0001")
    page = client_as(TECH).post(f"/desk/unauthorized/{parcel_id}/dispose", data={}, headers=HTMX)
    assert page.status_code == 422 and "<html" not in page.text
    assert 'role="alert"' in page.text
    assert "the Netac policy gives no right to dispose" in page.text
    assert "return it to the sender instead" in page.text
    assert _parcel(uow_factory, parcel_id).status == "held"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"what": "storage", "amount": "15.005", "currency": "USD"}, "amount"),
        ({"what": "storage", "amount": "fifteen", "currency": "USD"}, "amount"),
        ({"what": "", "amount": "1.00", "currency": "USD"}, "what"),
        ({"what": "storage", "amount": "1.00", "currency": "dollars"}, "currency"),
    ],
)
def test_a_wrong_cost_field_is_named_and_nothing_is_charged(
    client_as: Any, ann_units: None, uow_factory: Any, fields: dict[str, str], field: str
) -> None:
    parcel_id = _held(client_as, "QNAP", "QACT0001")
    page = client_as(TECH).post(f"/desk/unauthorized/{parcel_id}/cost", data=fields)
    assert page.status_code == 422
    assert field in summary_links(page.text)
    assert field_error(page.text, field)
    assert _parcel(uow_factory, parcel_id).costs == ()


def test_returning_needs_the_carrier_and_tracking(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    parcel_id = _held(client_as, "QNAP", "QACT0001")
    page = client_as(TECH).post(f"/desk/unauthorized/{parcel_id}/return", data={"carrier": "UPS"})
    assert page.status_code == 422
    assert summary_links(page.text) == ["tracking"]
    assert _parcel(uow_factory, parcel_id).status == "held"


def test_a_customer_cannot_handle_unauthorized_returns(
    client_as: Any, ann_units: None, uow_factory: Any
) -> None:
    parcel_id = _held(client_as, "QNAP", "QACT0001")
    ann = client_as(ANN)
    assert ann.get(f"/desk/unauthorized/{parcel_id}").status_code == 403
    assert ann.post(f"/desk/unauthorized/{parcel_id}/dispose", data={}).status_code == 403
    cost = {"what": "storage", "amount": "1", "currency": "USD"}
    assert ann.post(f"/desk/unauthorized/{parcel_id}/cost", data=cost).status_code == 403
    parcel = _parcel(uow_factory, parcel_id)
    assert parcel.status == "held" and parcel.costs == ()


def test_a_held_units_page_names_its_centre_and_the_first_day_it_may_be_disposed_of(
    client_as: Any, ann_units: None, uow_factory: Any, policy_book: Any
) -> None:
    set_holding_period(uow_factory, policy_book, Actor.operator(), "QNAP", "qnap-us", 14, NOW)
    tech = client_as(TECH)
    received = tech.post("/desk/receive", data={"brand": "QNAP", "serial": "QACT0009",
                                                "service_centre": "qnap-us"})  # fmt: skip
    assert "held as an unauthorized return" in received.text
    parcel_id = _held(client_as, "QNAP", "QACT0010")  # the brand's first centre: qnap-us too

    page = tech.get(f"/desk/unauthorized/{parcel_id}").text

    assert "<dt>Received at</dt><dd>QNAP RMA, USA</dd>" in page
    assert "Not before 7 December 2026: the receiving centre's holding period." in page
    refused = tech.post(f"/desk/unauthorized/{parcel_id}/dispose", data={})
    assert refused.status_code == 422  # the desk's pages answer a refused step so
    assert "may be disposed of from 2026-12-07" in refused.text
    assert "its service centre QNAP RMA, USA (qnap-us) holds" in refused.text  # named

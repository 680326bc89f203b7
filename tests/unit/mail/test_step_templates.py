"""The messages of issue #24's steps, rendered from the real templates, and each one's HTML
part: what the customer reads at each step."""

from __future__ import annotations

import pytest

from warrantor.mail.html import html_version
from warrantor.mail.render import RenderedMail, render
from warrantor.services.outbox.mail import OPTIONAL_DETAILS, REQUIRED_DETAILS, RmaNotice


def rendered(notice: RmaNotice, number: str = "QNAP-2026-000042", **details: str) -> RenderedMail:
    keys = (*REQUIRED_DETAILS[notice], *OPTIONAL_DETAILS[notice])
    return render(
        f"rma_{notice}",
        {
            "rma_number": number,
            "numbered": not number.startswith("#"),
            "brand": "QNAP",
            "serial": "Q21ABC0001",
            "details": {key: details.get(key, "") for key in keys},
            "extra": {},
        },
    )


def test_requested_says_what_happens_next_and_not_to_ship_yet() -> None:
    mail = rendered(
        "requested",
        "#12",
        next_step="an agent checks your proof of purchase.",
        symptom="fan noise",
        page="https://warrantor.example/my/rmas/12",
    )

    assert mail.subject == "QNAP RMA request #12: we have your request"
    assert "You told us: fan noise" in mail.body
    assert "What happens next: an agent checks your proof of purchase." in mail.body
    assert "Follow your request here: https://warrantor.example/my/rmas/12" in mail.body
    assert "Please quote request #12 in every message. Do not send the unit" in mail.body
    assert "on the parcel" not in mail.body


def test_documents_requested_lists_them_and_where_to_send_them() -> None:
    with_page = rendered(
        "documents_requested", documents="a proof of purchase", page="https://w.example/my/rmas/3"
    )
    without = rendered("documents_requested", documents="a photo of the label")

    assert with_page.subject == "QNAP RMA QNAP-2026-000042: we need a document from you"
    assert "  a proof of purchase" in with_page.body
    assert "Send it on your request's page (a PDF, JPEG or PNG file): https://w" in with_page.body
    assert "Reply to this message with it attached" in without.body


def test_cancelled_and_resolved_remotely_give_the_reason() -> None:
    cancelled = rendered("cancelled", "#7", reasons="you asked us to")
    resolved = rendered("resolved_remotely", resolution="a firmware update fixed it")

    assert cancelled.subject == "QNAP RMA #7: cancelled"
    assert "Why:\n  you asked us to" in cancelled.body
    assert resolved.subject.endswith("solved without a return")
    assert "  a firmware update fixed it" in resolved.body
    assert "there is nothing to ship" in resolved.body


def test_repaired_and_replaced_say_what_was_done_and_what_comes_next() -> None:
    repaired = rendered("repaired", coverage_until="2027-02-22")
    replaced = rendered("replaced", new_serial="Q21XYZ0009", next_step="we ship it on Monday.")

    assert repaired.subject == "QNAP RMA QNAP-2026-000042: your unit is repaired"
    assert "The repair is covered until 2027-02-22." in repaired.body
    assert "we ship it back to you and send you the tracking number" in repaired.body
    assert "    Q21XYZ0009" in replaced.body
    assert "What happens next: we ship it on Monday." in replaced.body
    assert "covered until" not in replaced.body


def test_the_parcel_without_an_rma_number_message_names_the_parcel() -> None:
    mail = render(
        "parcel_without_rma",
        {
            "brand": "QNAP",
            "sender_name": "Ann",
            "received_on": "2026-11-23",
            "serial": "",
            "number_on_parcel": "RMA-99",
            "returnable": True,
            "disposable_from": "2026-12-23",
            "parcel_id": 5,
        },
    )

    assert mail.subject.endswith("we received a parcel from you without an RMA number")
    assert 'on 2026-11-23, marked "RMA-99", a number we do not know.' in mail.body
    assert "quote parcel 5" in mail.body
    assert (
        "What happens to it: it can be sent back to you at your cost; unless you ask for it "
        "back, it may be disposed of from 2026-12-23, as the policy allows." in mail.body
    )


@pytest.mark.parametrize("notice", sorted(REQUIRED_DETAILS))
def test_every_notice_has_an_html_part_saying_the_same(notice: RmaNotice) -> None:
    filled = {key: f"<{key} & more>" for key in REQUIRED_DETAILS[notice]}
    mail = rendered(notice, **filled)

    html = html_version(mail.subject, mail.body)

    assert html.startswith("<!doctype html>")
    for key in REQUIRED_DETAILS[notice]:
        assert f"&lt;{key} &amp; more&gt;" in html
        assert f"<{key}" not in html
    assert "QNAP service desk (sent by Warrantor)" in html


def test_the_html_part_links_addresses_and_keeps_line_breaks() -> None:
    html = html_version(
        "S", "Hello,\n\nSee https://w.example/my/rmas/3.\n  indented\n\n-- \nDesk\n"
    )

    assert '<a href="https://w.example/my/rmas/3">https://w.example/my/rmas/3</a>.' in html
    assert "white-space: pre-wrap" in html
    assert ".\n  indented</p>" in html
    assert "-- <br>Desk</p>" in html

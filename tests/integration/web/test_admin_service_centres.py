"""The admin's service-centre pages (/admin/service-centres; issue #23 item 5, issue #25 item
4): each centre's holding period and which waits on the customer pause which clock, seen
and changed on the web, each change on the audit trail, a bad value named next to its
field; admins only."""

from __future__ import annotations

import re
from typing import Any

from portal_support import ADMIN, AGENT, field_error, summary_links

from warrantor.bootstrap import Runtime
from warrantor.services.audit.trail import TrailQuery, read_trail
from warrantor.services.rma.clock_pauses import pause_settings
from warrantor.services.rma.holding import holding_periods

US = "/admin/service-centres/QNAP/qnap-us"


def ticked(html: str) -> list[str]:
    return sorted(re.findall(r'name="pauses" type="checkbox" value="([a-z:]+)" checked', html))


def trail(runtime: Runtime) -> list[tuple[str, Any, Any]]:
    query = TrailQuery(kind="service_centre", object_id="QNAP/qnap-us")
    rows = read_trail(runtime.uow_factory, ADMIN, query).items
    return [(r.action, r.before, r.after) for r in rows]


def test_the_admin_sees_every_centre_with_its_holding_period_and_paused_clocks(
    client_as: Any,
) -> None:
    admin = client_as(ADMIN)

    page = admin.get("/admin/service-centres").text
    centre = admin.get(US).text

    assert 'href="/admin/service-centres"' in admin.get("/admin").text
    for name in ("QNAP RMA, USA", "QNAP RMA, Canada"):
        assert name in page
    assert f'href="{US}"' in page
    assert "repair clock paused" in page and "0 days" in page
    # by default every wait pauses the repair clock, none the RMA number's
    assert ticked(centre) == ["certificate:repair", "documents:repair", "quote:repair"]
    assert 'name="days" type="text"\n         value="0"' in centre


def test_the_admin_changes_which_waits_pause_which_clock_and_the_trail_records_it(
    client_as: Any, runtime: Runtime
) -> None:
    admin = client_as(ADMIN)
    chosen = ["documents:number", "documents:repair", "quote:repair"]  # certificate: none

    sent = admin.post(f"{US}/clock-pauses", data={"pauses": chosen}, follow_redirects=False)

    assert sent.status_code == 303
    assert sent.headers["location"] == US
    assert ticked(admin.get(US).text) == chosen
    found = pause_settings(runtime.uow_factory, runtime.book, ADMIN, "QNAP", "qnap-us")
    assert dict(found.clocks) == {
        "quote": ("repair",),
        "documents": ("number", "repair"),
        "certificate": (),
    }
    assert trail(runtime) == [
        (
            "service_centre.clock_pauses_set",
            {"documents": ["repair"], "certificate": ["repair"]},
            {"documents": ["number", "repair"], "certificate": []},
        )
    ]


def test_the_admin_sets_the_holding_period_beside_it(client_as: Any, runtime: Runtime) -> None:
    admin = client_as(ADMIN)

    sent = admin.post(f"{US}/holding-period", data={"days": " 14 "}, follow_redirects=False)

    assert sent.status_code == 303
    days = {(p.brand, p.centre): p.days for p in holding_periods(runtime.uow_factory,
            runtime.book, ADMIN)}  # fmt: skip
    assert days[("QNAP", "qnap-us")] == 14
    assert trail(runtime) == [
        ("service_centre.holding_set", {"holding_days": 0}, {"holding_days": 14})
    ]


def test_bad_values_are_named_next_to_their_field_and_change_nothing(
    client_as: Any, runtime: Runtime
) -> None:
    admin = client_as(ADMIN)

    bad_clock = admin.post(
        f"{US}/clock-pauses", data={"pauses": ["quote:number", "quote:shipping"]}
    )
    bad_wait = admin.post(f"{US}/clock-pauses", data={"pauses": ["parcel:repair"]})
    not_a_pair = admin.post(f"{US}/clock-pauses", data={"pauses": ["repair"]})
    words = admin.post(f"{US}/holding-period", data={"days": "two weeks"})
    too_long = admin.post(f"{US}/holding-period", data={"days": "400"})

    for page in (bad_clock, bad_wait, not_a_pair, words, too_long):
        assert page.status_code == 422
    assert "unknown clock &#39;shipping&#39;" in field_error(bad_clock.text, "pauses")
    assert summary_links(bad_clock.text) == ["pauses"]
    assert ticked(bad_clock.text) == ["quote:number"]  # the boxes as sent, to correct
    assert "unknown wait &#39;parcel&#39;" in field_error(bad_wait.text, "pauses")
    assert "is not WAIT:CLOCK" in field_error(not_a_pair.text, "pauses")
    assert field_error(words.text, "days") == "a whole number of days from 0 to 366"
    assert "from 0 to 366" in field_error(too_long.text, "days")
    assert summary_links(too_long.text) == ["days"]
    assert trail(runtime) == []


def test_the_pages_are_for_admins_and_an_unknown_centre_is_a_404(client_as: Any) -> None:
    agent, admin = client_as(AGENT), client_as(ADMIN)

    assert agent.get("/admin/service-centres").status_code == 403
    assert agent.get(US).status_code == 403
    assert agent.post(f"{US}/clock-pauses", data={"pauses": []}).status_code == 403
    assert agent.post(f"{US}/holding-period", data={"days": "3"}).status_code == 403
    unknown = admin.get("/admin/service-centres/QNAP/qnap-uk")
    assert unknown.status_code == 404
    assert "qnap-ca" in unknown.text
    assert admin.post("/admin/service-centres/QNAP/qnap-uk/holding-period",
                      data={"days": "3"}).status_code == 404  # fmt: skip

"""A policy's service promises become due dates in its service centres' business days.

Every expected date below is reasoned from the real calendar (written out in
the comments), not copied from the code's output:

- US federal holidays 2026: Thanksgiving Thu 26 Nov; the Friday after is not
  a federal holiday. Christmas Fri 25 Dec; 24 Dec is not. New Year's Day
  Fri 1 Jan 2027. Independence Day is Sat 4 Jul 2026, observed Fri 3 Jul.
- Canada-wide holidays 2026: Canada Day Wed 1 Jul (the US works that day).
- China 2026 (State Council notice): Spring Festival off Sun 15 - Mon 23 Feb;
  Sat 14 Feb and Sat 28 Feb are make-up working days.
- Time zones in late November and December: Los Angeles is UTC-8 (PST); in
  July Los Angeles is UTC-7 and Toronto UTC-4 (daylight time); Shanghai is
  always UTC+8. "End of day D" is the next local midnight.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from policy_samples import BASE, SOURCE

from warrantor.errors import Ambiguous, InvalidInput, NotFound
from warrantor.policy.book import PolicyBook
from warrantor.policy.loader import load_policy
from warrantor.policy.model import Policy
from warrantor.policy.service_terms import (
    calendar_of,
    repair_due,
    rma_number_due,
    service_centre,
)

PROMISE = "An RMA number is given within two business days after the documents are validated."
REPAIR = "Repairs take at most 5 working days."

CHINA_SAMPLE = (
    BASE
    + f"""
[[clauses]]
id = "acme.rma"
text = "{PROMISE}"

[[clauses]]
id = "acme.repair"
text = "{REPAIR}"

[[service_centres]]
id = "acme-cn"
name = "Acme service, Shenzhen"
country = "CN"
timezone = "Asia/Shanghai"

[[rules]]
kind = "rma_number"
business_days = 2
clauses = ["acme.rma"]

[[rules]]
kind = "repair_time"
working_days = 5
scope = ["standard"]
clauses = ["acme.repair"]
"""
)
"""The Acme sample with a Chinese centre and promises (no Netac text makes one)."""


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture
def qnap(policy_book: PolicyBook) -> Policy:
    return policy_book.version_for("QNAP", None)


@pytest.fixture
def netac(policy_book: PolicyBook) -> Policy:
    return policy_book.version_for("Netac", None)


@pytest.fixture
def acme_cn(write_policy) -> Policy:  # type: ignore[no-untyped-def]
    path: Path = write_policy(CHINA_SAMPLE, source=SOURCE + PROMISE + "\n" + REPAIR + "\n")
    return load_policy(path)


# --- QNAP, USA ----------------------------------------------------------------------------


def test_rma_number_validated_the_day_before_thanksgiving_is_due_the_monday_after(
    qnap: Policy,
) -> None:
    us = service_centre(qnap, "qnap-us", None)
    calendar = calendar_of(us)
    # The package agrees with the federal calendar: Thanksgiving off, the Friday after worked.
    assert not calendar.is_business_day(date(2026, 11, 26))
    assert calendar.is_business_day(date(2026, 11, 27))

    # 15:00 UTC Wed 25 Nov = 07:00 PST, still Wed 25 in Los Angeles. Business days
    # after it: Thu 26 Thanksgiving (no), Fri 27 (1), Sat 28, Sun 29 (no), Mon 30 (2).
    due = rma_number_due(qnap, us, utc(2026, 11, 25, 15))

    assert due.due_on == date(2026, 11, 30)
    # End of Mon 30 Nov in Los Angeles = 00:00 PST Tue 1 Dec = 08:00 UTC.
    assert due.due_at == utc(2026, 12, 1, 8)
    assert due.local_due_at.isoformat() == "2026-12-01T00:00:00-08:00"
    assert not due.provisional
    assert due.business_days == 2
    assert due.clause_ids == ("qnap.rma.number-two-days",)
    assert due.because.startswith("We will provide the Buyer with an RMA number within two")


def test_the_day_of_validation_is_the_centres_local_day(qnap: Policy) -> None:
    us = service_centre(qnap, "qnap-us", None)
    # 07:30 UTC Wed 25 Nov is 23:30 PST Tue 24 Nov: the count starts after Tuesday.
    # Wed 25 (1), Thu 26 Thanksgiving (no), Fri 27 (2).
    due = rma_number_due(qnap, us, utc(2026, 11, 25, 7, 30))
    assert due.due_on == date(2026, 11, 27)
    assert due.due_at == utc(2026, 11, 28, 8)


def test_repair_received_before_christmas_skips_christmas_day(qnap: Policy) -> None:
    us = service_centre(qnap, None, "US")
    # Received Mon 21 Dec (18:00 UTC = 10:00 PST). Seven working days after it:
    # Tue 22 (1), Wed 23 (2), Thu 24 (3; Christmas Eve is no federal holiday),
    # Fri 25 Christmas (no), Sat 26, Sun 27 (no), Mon 28 (4), Tue 29 (5),
    # Wed 30 (6), Thu 31 (7).
    due = repair_due(qnap, us, utc(2026, 12, 21, 18))

    assert due is not None
    assert due.due_on == date(2026, 12, 31)
    assert due.due_at == utc(2027, 1, 1, 8)
    assert due.business_days == 7
    assert due.paused_business_days == 0
    assert due.clause_ids == ("qnap.ext.repair-7-days", "qnap.benefit.repair-time")


def test_waiting_on_the_customer_extends_the_repair_due_date(qnap: Policy) -> None:
    us = service_centre(qnap, None, "US")
    # As above, but the clock stood still Mon 28 - Tue 29 Dec: Tue 22 (1), Wed 23 (2),
    # Thu 24 (3), Wed 30 (4), Thu 31 (5), Fri 1 Jan New Year's Day (no),
    # Sat 2, Sun 3 (no), Mon 4 Jan (6), Tue 5 Jan (7).
    due = repair_due(
        qnap, us, utc(2026, 12, 21, 18), paused=[(date(2026, 12, 28), date(2026, 12, 29))]
    )

    assert due is not None
    assert due.due_on == date(2027, 1, 5)
    assert due.due_at == utc(2027, 1, 6, 8)
    assert due.paused_business_days == 2


def test_a_pause_over_days_off_only_does_not_move_the_repair(qnap: Policy) -> None:
    us = service_centre(qnap, None, "US")
    # Fri 25 (Christmas) to Sun 27 Dec: no business day was paused; still Thu 31 Dec.
    due = repair_due(
        qnap, us, utc(2026, 12, 21, 18), paused=[(date(2026, 12, 25), date(2026, 12, 27))]
    )
    assert due is not None
    assert due.due_on == date(2026, 12, 31)
    assert due.paused_business_days == 0


def test_a_paid_repair_has_no_repair_promise(qnap: Policy) -> None:
    us = service_centre(qnap, "qnap-us", None)
    assert repair_due(qnap, us, utc(2026, 12, 21, 18), warranty_repair=False) is None


# --- QNAP, Canada -------------------------------------------------------------------------


def test_canada_keeps_canada_day_and_works_on_the_us_independence_day_holiday(
    qnap: Policy,
) -> None:
    ca = service_centre(qnap, None, "CA")
    us = service_centre(qnap, None, "US")
    validated = utc(2026, 6, 30, 15)  # Tue 30 Jun: 11:00 EDT in Toronto, 08:00 PDT in LA

    # Canada: Wed 1 Jul Canada Day (no), Thu 2 (1), Fri 3 (2).
    in_canada = rma_number_due(qnap, ca, validated)
    assert in_canada.due_on == date(2026, 7, 3)
    assert in_canada.due_at == utc(2026, 7, 4, 4)  # 00:00 EDT Sat 4 Jul

    # USA: Wed 1 (1), Thu 2 (2); Fri 3 (Independence Day observed) is not reached.
    in_usa = rma_number_due(qnap, us, validated)
    assert in_usa.due_on == date(2026, 7, 2)
    assert in_usa.due_at == utc(2026, 7, 3, 7)  # 00:00 PDT Fri 3 Jul


def test_the_toronto_centre_keeps_ontarios_holidays_too(qnap: Policy) -> None:
    ca = service_centre(qnap, "qnap-ca", None)
    assert ca.subdivision == "ON"
    calendar = calendar_of(ca)
    assert not calendar.is_business_day(date(2026, 7, 1))  # Canada Day
    assert not calendar.is_business_day(date(2026, 2, 16))  # Family Day, Ontario's
    # Boxing Day 2026 falls on a Saturday; Ontario observes it on Mon 28 Dec.
    assert not calendar.is_business_day(date(2026, 12, 28))
    # An RMA validated on Fri 13 Feb 2026 is due Wed 18 Feb: Family Day doesn't count.
    assert rma_number_due(qnap, ca, utc(2026, 2, 13, 15)).due_on == date(2026, 2, 18)


def test_a_centres_own_closure_days_are_not_business_days(write_policy) -> None:  # type: ignore[no-untyped-def]
    closed_text = CHINA_SAMPLE.replace(
        'timezone = "Asia/Shanghai"\n', 'timezone = "Asia/Shanghai"\nclosed_on = [2026-03-10]\n'
    )
    source = SOURCE + PROMISE + "\n" + REPAIR + "\n"
    closed = load_policy(write_policy(closed_text, source=source))
    cn = service_centre(closed, None, "CN")
    assert cn.closed_on == [date(2026, 3, 10)]  # an inventory day, say
    assert not calendar_of(cn).is_business_day(date(2026, 3, 10))
    # Validated Mon 9 Mar (Shanghai): Tue 10 closed, so Wed 11 (1), Thu 12 (2).
    assert rma_number_due(closed, cn, utc(2026, 3, 9, 3)).due_on == date(2026, 3, 12)
    opened = load_policy(write_policy(CHINA_SAMPLE, source=source))
    due = rma_number_due(opened, service_centre(opened, None, "CN"), utc(2026, 3, 9, 3))
    assert due.due_on == date(2026, 3, 11)


# --- China --------------------------------------------------------------------------------


def test_netac_china_counts_the_spring_festival_make_up_saturday(netac: Policy) -> None:
    cn = service_centre(netac, None, None)  # Netac's only centre
    assert cn.id == "netac-cn"
    calendar = calendar_of(cn)
    assert calendar.is_business_day(date(2026, 2, 14))  # Saturday, make-up working day
    assert calendar.is_business_day(date(2026, 2, 28))  # Saturday, make-up working day
    assert not any(calendar.is_business_day(date(2026, 2, d)) for d in range(15, 24))
    assert calendar.is_business_day(date(2026, 2, 24))


def test_netac_makes_no_rma_number_promise(netac: Policy) -> None:
    cn = service_centre(netac, "netac-cn", None)
    with pytest.raises(NotFound, match="no RMA-number promise at netac-cn"):
        rma_number_due(netac, cn, utc(2026, 2, 12, 2))


def test_validated_just_before_spring_festival_the_make_up_saturday_counts(
    acme_cn: Policy,
) -> None:
    cn = service_centre(acme_cn, None, "CN")
    # 02:00 UTC Thu 12 Feb = 10:00 in Shanghai. Fri 13 (1), Sat 14 make-up day (2).
    due = rma_number_due(acme_cn, cn, utc(2026, 2, 12, 2))
    assert due.due_on == date(2026, 2, 14)
    assert due.due_at == utc(2026, 2, 14, 16)  # 00:00 Sun 15 Feb in Shanghai
    assert not due.provisional


def test_validated_on_the_last_friday_before_the_festival_is_due_after_it(
    acme_cn: Policy,
) -> None:
    cn = service_centre(acme_cn, None, "CN")
    # 17:00 UTC Thu 12 Feb is already 01:00 Fri 13 Feb in Shanghai: count after Friday.
    # Sat 14 make-up day (1), Sun 15 - Mon 23 festival (no), Tue 24 (2).
    due = rma_number_due(acme_cn, cn, utc(2026, 2, 12, 17))
    assert due.due_on == date(2026, 2, 24)
    assert due.due_at == utc(2026, 2, 24, 16)


def test_a_china_year_without_a_published_notice_is_provisional(acme_cn: Policy) -> None:
    cn = service_centre(acme_cn, None, "CN")
    # China's make-up days for 2035 cannot be known yet: any due date is provisional.
    assert rma_number_due(acme_cn, cn, utc(2035, 3, 6, 2)).provisional


def test_a_far_future_us_date_is_not_provisional(qnap: Policy) -> None:
    # The US has no make-up days; its holidays follow fixed rules the package covers.
    us = service_centre(qnap, "qnap-us", None)
    assert not rma_number_due(qnap, us, utc(2035, 3, 6, 18)).provisional


def test_a_pause_under_a_clock_that_never_pauses_is_refused(acme_cn: Policy) -> None:
    cn = service_centre(acme_cn, None, "CN")
    with pytest.raises(InvalidInput, match="does not pause"):
        repair_due(acme_cn, cn, utc(2026, 3, 2, 2), paused=[(date(2026, 3, 3), date(2026, 3, 3))])


# --- choosing a centre, and bad input ------------------------------------------------------


def test_two_centres_and_no_choice_is_ambiguous(qnap: Policy) -> None:
    with pytest.raises(Ambiguous) as raised:
        service_centre(qnap, None, None)
    assert raised.value.choices == ["qnap-us", "qnap-ca"]


def test_an_unknown_centre_is_not_found_and_lists_the_known_ones(qnap: Policy) -> None:
    with pytest.raises(NotFound, match=r"qnap-us \(US\), qnap-ca \(CA\)"):
        service_centre(qnap, "qnap-de", None)


def test_a_country_without_a_centre_is_not_found(qnap: Policy) -> None:
    with pytest.raises(NotFound, match="no service centre in DE"):
        service_centre(qnap, None, "de")


def test_a_centre_in_another_country_than_the_one_given_is_invalid(qnap: Policy) -> None:
    with pytest.raises(InvalidInput, match="is in US, not CA"):
        service_centre(qnap, "qnap-us", "CA")


def test_a_naive_instant_is_invalid(qnap: Policy) -> None:
    us = service_centre(qnap, "qnap-us", None)
    with pytest.raises(InvalidInput, match="timezone-aware"):
        rma_number_due(qnap, us, datetime(2026, 11, 25, 15))


def test_a_pause_that_ends_before_it_starts_is_invalid(qnap: Policy) -> None:
    us = service_centre(qnap, "qnap-us", None)
    with pytest.raises(InvalidInput, match="before it starts"):
        repair_due(
            qnap, us, utc(2026, 12, 21, 18), paused=[(date(2026, 12, 29), date(2026, 12, 28))]
        )


def test_a_centre_of_another_policy_is_invalid(qnap: Policy, netac: Policy) -> None:
    with pytest.raises(InvalidInput, match="not one of the QNAP policy's"):
        rma_number_due(qnap, service_centre(netac, None, None), utc(2026, 11, 25, 15))

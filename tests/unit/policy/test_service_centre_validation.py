"""A service centre whose calendar or time zone is unknown fails the load, naming line and key."""

from __future__ import annotations

import pytest
from policy_samples import BASE, line_of

from warrantor.policy.errors import PolicyError
from warrantor.policy.loader import load_policy


def centre(country: str, timezone: str, subdivision: str | None = None) -> str:
    sub = f'subdivision = "{subdivision}"\n' if subdivision is not None else ""
    return f"""
[[service_centres]]
id = "acme-1"
name = "Acme service"
country = "{country}"
{sub}timezone = "{timezone}"
"""


def _error(write_policy, text: str) -> PolicyError:  # type: ignore[no-untyped-def]
    path = write_policy(text)
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    assert raised.value.file == path
    return raised.value


def test_a_centre_with_a_known_country_subdivision_and_zone_loads(write_policy) -> None:  # type: ignore[no-untyped-def]
    policy = load_policy(write_policy(BASE + centre("CA", "America/Toronto", "ON")))
    assert policy.doc.service_centres[0].subdivision == "ON"


def test_a_country_without_a_holiday_calendar_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    # "XK"-style codes pass the two-letter pattern; "QQ" is assigned to no country.
    text = BASE + centre("QQ", "Europe/Paris")
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("country", line_of(text, 'country = "QQ"'))
    assert "no calendar for country 'QQ'" in error.message


def test_an_unknown_subdivision_is_named_with_the_known_ones(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE + centre("CA", "America/Toronto", "ZZ")
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("subdivision", line_of(text, 'subdivision = "ZZ"'))
    assert "no subdivision 'ZZ' of CA" in error.message
    assert "ON" in error.message


def test_a_subdivision_of_a_country_that_has_none_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    # China's holidays and make-up days are national; the package keeps no provinces.
    text = BASE + centre("CN", "Asia/Shanghai", "GD")
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("subdivision", line_of(text, 'subdivision = "GD"'))
    assert "known: none" in error.message


def test_an_unknown_time_zone_is_named(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE + centre("US", "America/Los_Angles")
    error = _error(write_policy, text)
    assert (error.key, error.line) == ("timezone", line_of(text, "America/Los_Angles"))
    assert "not an IANA time zone" in error.message

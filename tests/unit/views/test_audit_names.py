"""The admin's audit page names every kind of object and every action (issue #25, item 2)."""

from __future__ import annotations

from warrantor.domain.audit import Action, SubjectKind
from warrantor.views.audit import ACTION_NAMES, KIND_NAMES, action_name, kind_name


def test_every_kind_and_action_has_a_name() -> None:
    assert set(KIND_NAMES) == set(SubjectKind)
    assert set(ACTION_NAMES) == set(Action)
    assert kind_name("price_list") == "Price list"
    assert action_name("service_centre.holding_set") == "Holding period set"
    assert action_name("something.new") == "something.new"  # an unknown code as given

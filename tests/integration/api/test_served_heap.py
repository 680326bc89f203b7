"""Served, the app takes the objects it started with out of the garbage collector's reach
and collects its youngest objects less often (``app.settle_heap``); an app a test makes
with its own runtime leaves the collector as it was."""

from __future__ import annotations

import gc

import pytest

from warrantor import app as app_module
from warrantor.bootstrap import Runtime


def test_the_served_app_freezes_what_it_started_with_and_a_tests_app_does_not(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "_started_runtime", lambda: runtime)
    threshold = gc.get_threshold()
    gc.unfreeze()
    try:
        app_module.create_app(runtime)
        frozen_by_a_tests_app, tests_threshold = gc.get_freeze_count(), gc.get_threshold()
        app_module.create_app()  # as `warrantor serve` makes it
        frozen_when_served, served_threshold = gc.get_freeze_count(), gc.get_threshold()
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)

    assert (frozen_by_a_tests_app, tests_threshold) == (0, threshold)
    assert frozen_when_served > 10_000  # the modules, the routes, the policy book
    assert served_threshold == (app_module.YOUNG_COLLECTION_AFTER, *threshold[1:])

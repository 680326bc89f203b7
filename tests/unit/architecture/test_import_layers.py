"""The house's plan holds: every module sits on a layer and imports only those below it.

The contracts are in ``pyproject.toml`` (``[tool.importlinter]``): the layers
(domain < policy < adapters < store < services < settings < bootstrap < views
< http < api, web, demo < cli, app), the store free of the policy engine, the
API and the web pages independent of each other, the demo out of the app, and
the domain and policy engine free of frameworks. ``exhaustive`` makes a new
top-level package that is not given a layer fail too.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads(PYPROJECT.read_text())
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def test_every_contract_of_the_import_graph_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert exit_code == 0, report
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in report


def test_the_layers_contract_is_exhaustive_and_has_no_ignored_imports() -> None:
    layers = [c for c in _contracts() if c["type"] == "layers"]
    assert len(layers) == 1
    assert layers[0]["exhaustive"] is True
    assert "ignore_imports" not in layers[0]


def test_the_store_may_not_import_the_policy_engine() -> None:
    forbidden = {
        (src, bad)
        for c in _contracts()
        if c["type"] == "forbidden"
        for src in c["source_modules"]  # type: ignore[attr-defined]
        for bad in c["forbidden_modules"]  # type: ignore[attr-defined]
    }
    assert ("warrantor.store", "warrantor.policy") in forbidden

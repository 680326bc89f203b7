"""``warrantor serve`` as production runs it (issue #22): uvloop and httptools, uvicorn's
access log off (the app logs each request), and with several processes one metrics folder
(PROMETHEUS_MULTIPROC_DIR), emptied of a previous run's counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from warrantor.cli import serve as serve_module
from warrantor.cli.main import app as cli


def serve(monkeypatch: pytest.MonkeyPatch, *args: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda *a, **kw: seen.update(kw))
    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code == 0, result.output
    return seen


def unset_afterwards(monkeypatch: pytest.MonkeyPatch) -> None:
    """No PROMETHEUS_MULTIPROC_DIR now, nor after the test (serve sets it in os.environ:
    left there, every later scrape in this session would read an empty folder)."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")


def test_several_processes_share_one_emptied_metrics_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WARRANTOR_DATA_DIR", str(tmp_path))
    unset_afterwards(monkeypatch)
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_123.db").write_bytes(b"a previous run's counts")

    seen = serve(monkeypatch, "--workers", "3")

    assert seen["workers"] == 3
    assert seen["timeout_worker_healthcheck"] >= 30  # uvicorn's 5 s kills a slow start
    assert (seen["loop"], seen["http"], seen["access_log"]) == ("uvloop", "httptools", False)
    assert serve_module.os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(folder)
    assert list(folder.iterdir()) == []


def test_one_process_keeps_its_metrics_in_memory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WARRANTOR_DATA_DIR", str(tmp_path))
    unset_afterwards(monkeypatch)

    serve(monkeypatch)

    assert "PROMETHEUS_MULTIPROC_DIR" not in serve_module.os.environ
    assert not (tmp_path / "prometheus").exists()

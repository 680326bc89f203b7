"""The ``write_policy`` fixture: a policy file and its source text in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from policy_samples import BASE, SOURCE

WritePolicy = Callable[..., Path]


@pytest.fixture
def write_policy(tmp_path: Path) -> WritePolicy:
    """Write ``text`` (default: the Acme policy) and its source; return the policy's path."""

    def write(text: str = BASE, name: str = "acme.toml", source: str = SOURCE) -> Path:
        (tmp_path / "acme.txt").write_text(source, encoding="utf-8")
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write

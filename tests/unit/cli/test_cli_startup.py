"""The CLI starts without the libraries only some commands use.

When and why: every ``warrantor`` command imports ``warrantor.cli.main``, which
registers every command. pyHanko (certificate PDFs' seals), OpenTelemetry's
SDK, exporter and instrumentations (only with ``WARRANTOR_OTLP_ENDPOINT``) and
FastAPI (only ``warrantor serve``) took about 0.7 s of each command's start
between them (docs/benchmarks.md); they are imported where they are used. This fails when a module
on the CLI's import path imports one of them at its top again.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

LEFT_FOR_LATER = (
    "pyhanko",
    "fastapi",
    "opentelemetry.sdk",
    "opentelemetry.exporter",
    "opentelemetry.instrumentation",
)


def _imported_by(statement: str) -> list[str]:
    """The modules of ``LEFT_FOR_LATER`` (or under them) a fresh interpreter holds after
    running ``statement``."""
    script = (
        f"import json, sys\n{statement}\n"
        f"wanted = {LEFT_FOR_LATER!r}\n"
        "print(json.dumps(sorted({w for w in wanted for m in sys.modules"
        " if m == w or m.startswith(w + '.')})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    imported: list[str] = json.loads(done.stdout)
    return imported


def test_the_cli_registers_its_commands_without_the_heavy_libraries() -> None:
    assert _imported_by("import warrantor.cli.main") == []


def test_what_was_left_out_is_there_when_asked_for() -> None:
    """The certificates package still offers its PDF names (imported on first use)."""
    statement = (
        "import warrantor.cli.main\n"
        "from warrantor.certificates import render_pdf, judge_file, PdfSeal\n"
        "assert callable(render_pdf) and callable(judge_file) and PdfSeal is not None"
    )
    assert "pyhanko" in set(_imported_by(statement))


def test_an_unknown_name_of_the_certificates_package_is_still_an_attribute_error() -> None:
    import warrantor.certificates as certificates

    with pytest.raises(AttributeError, match="no attribute 'render_svg'"):
        certificates.render_svg  # noqa: B018

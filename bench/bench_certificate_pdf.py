"""Benchmark: what signing a certificate PDF and checking one cost (in-process, no database).

Usage::

    .venv/bin/python bench/bench_certificate_pdf.py [--rounds N]

Times, over N rounds (default 30) after one warm-up, the median wall and CPU
milliseconds of: drawing the PDF without its own signature (what the release
before issue #18 served), drawing and signing it (PAdES, what a download
costs now), verifying only the signed JSON inside (all the release before
checked), verifying a genuine PDF (its own signature and the signed data,
against an in-memory registry), and verifying one whose printed serial was
edited after signing. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pdf_tampering import edit_page_text
from warrantor.certificates import (
    Buyer,
    InMemoryRegistry,
    KeyRing,
    RegistryRecord,
    UnsignedCertificate,
    judge_file,
    read_certificate_file,
    read_presented_file,
    render_pdf,
    render_unsigned_pdf,
    sign,
    verify,
)

BASE_URL = "https://warranty.example.com"


def measure(action: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``action`` over ``rounds`` runs."""
    action()
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    keyring = KeyRing(Path(tempfile.mkdtemp()) / "keys")
    certificate = sign(
        UnsignedCertificate(
            number="EW-QNAP-2026-000001",
            brand="QNAP",
            model="TS-453D",
            serial="Q203I12345",
            extension_years=2,
            starts_on=date(2027, 1, 1),
            ends_on=date(2028, 12, 31),
            buyer=Buyer("D-0042", "Northwind Storage Ltd"),
            issued_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        ),
        keyring,
    )
    registry = InMemoryRegistry([RegistryRecord(certificate)])
    key = keyring.ensure_active_key()
    genuine = render_pdf(certificate, BASE_URL, key)
    edited = edit_page_text(genuine, "Q203I12345", "Q203I99999")

    def check(data: bytes) -> object:
        public_keys = keyring.verification_keys()
        presented = read_presented_file(data, public_keys)
        verdict = verify(presented.certificate, public_keys, registry)
        return judge_file(verdict, presented.seal)

    cases = {
        "draw the PDF, unsigned (before #18)": lambda: render_unsigned_pdf(certificate, BASE_URL),
        "draw and sign it (PAdES)": lambda: render_pdf(certificate, BASE_URL, key),
        "verify the JSON inside only (before #18)": lambda: verify(
            read_certificate_file(genuine), keyring.verification_keys(), registry
        ),
        "verify a genuine PDF": lambda: check(genuine),
        "verify a PDF edited after signing": lambda: check(edited),
    }
    print(f"{rounds} rounds; PDF {len(genuine):,} bytes signed, {len(edited):,} edited\n")
    print("| operation | wall ms (median) | CPU ms (median) |")
    print("| --- | ---: | ---: |")
    for name, action in cases.items():
        wall, cpu = measure(action, rounds)
        print(f"| {name} | {wall:.1f} | {cpu:.1f} |")


if __name__ == "__main__":
    main()

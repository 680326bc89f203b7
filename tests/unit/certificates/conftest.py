"""Certificates for the certificate tests: one issued certificate, its key ring and registry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from warrantor.certificates import (
    Buyer,
    Certificate,
    InMemoryRegistry,
    KeyRing,
    RegistryRecord,
    UnsignedCertificate,
    render_pdf,
    sign,
)

BASE_URL = "https://warranty.example.com"


@pytest.fixture
def unsigned() -> UnsignedCertificate:
    """A 2-year QNAP extension on a TS-453D whose 2-year standard term ends 2026-12-31."""
    return UnsignedCertificate(
        number="EW-2025-000123",
        brand="QNAP",
        model="TS-453D",
        serial="Q203I12345",
        extension_years=2,
        starts_on=date(2027, 1, 1),
        ends_on=date(2028, 12, 31),
        buyer=Buyer("D-0042", "Northwind Storage Ltd"),
        issued_at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
    )


@pytest.fixture
def keyring(tmp_path: Path) -> KeyRing:
    return KeyRing(tmp_path / "keys")


@pytest.fixture
def issued(unsigned: UnsignedCertificate, keyring: KeyRing) -> Certificate:
    return sign(unsigned, keyring)


@pytest.fixture
def registry(issued: Certificate) -> InMemoryRegistry:
    return InMemoryRegistry([RegistryRecord(issued)])


@pytest.fixture
def pdf_of(keyring: KeyRing) -> Callable[[Certificate], bytes]:
    """``pdf_of(certificate)``: its PDF as downloaded, signed by the ring's active key."""
    return lambda certificate: render_pdf(certificate, BASE_URL, keyring.ensure_active_key())

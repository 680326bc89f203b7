"""What a certificate may hold, and the exact bytes its signature covers."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from warrantor.certificates import (
    FORMAT,
    Buyer,
    Certificate,
    UnsignedCertificate,
    canonical_bytes,
)
from warrantor.errors import InvalidInput


def test_the_signed_bytes_are_sorted_compact_json_with_the_format_and_key_id(
    unsigned: UnsignedCertificate,
) -> None:
    assert canonical_bytes(unsigned, "0123456789abcdef") == (
        b'{"brand":"QNAP","buyer":{"account_code":"D-0042","name":"Northwind Storage Ltd"},'
        b'"ends_on":"2028-12-31","extension_years":2,"format":"' + FORMAT.encode() + b'",'
        b'"issued_at":"2025-03-01T09:30:00Z","key_id":"0123456789abcdef","model":"TS-453D",'
        b'"number":"EW-2025-000123","replaces":null,"serial":"Q203I12345",'
        b'"starts_on":"2027-01-01"}'
    )


def test_text_is_signed_as_utf8_not_escaped(unsigned: UnsignedCertificate) -> None:
    renamed = dataclasses.replace(unsigned, buyer=Buyer("D-1", "Müller GmbH"))
    assert "Müller".encode() in canonical_bytes(renamed, "0123456789abcdef")


def test_an_issue_time_in_another_zone_is_kept_in_utc(unsigned: UnsignedCertificate) -> None:
    taipei = timezone(timedelta(hours=8))
    local = dataclasses.replace(unsigned, issued_at=datetime(2025, 3, 1, 17, 30, tzinfo=taipei))

    assert local.issued_at == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    assert local.issued_at.tzinfo is UTC
    assert canonical_bytes(local, "0123456789abcdef") == canonical_bytes(
        unsigned, "0123456789abcdef"
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"issued_at": datetime(2025, 3, 1, 9, 30)}, "issued_at"),
        ({"ends_on": date(2026, 12, 31)}, "ends_on"),
        ({"starts_on": datetime(2027, 1, 1, tzinfo=UTC)}, "starts_on"),
        ({"serial": ""}, "serial"),
        ({"serial": " Q203I12345"}, "serial"),
        ({"model": "TS-453D\n"}, "model"),
        ({"brand": "QN\u200bAP"}, "brand"),
        ({"number": "EW 2025"}, "number"),
        ({"number": "-EW"}, "number"),
        ({"replaces": "EW-2025-000123"}, "replaces"),
        ({"extension_years": 0}, "extension_years"),
        ({"extension_years": True}, "extension_years"),
        ({"serial": "Q" * 65}, "serial"),
    ],
)
def test_a_malformed_field_is_refused_by_name(
    unsigned: UnsignedCertificate, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        dataclasses.replace(unsigned, **changes)
    assert [p.field for p in caught.value.problems] == [field]


def test_a_buyer_needs_an_account_and_a_name() -> None:
    with pytest.raises(InvalidInput) as caught:
        Buyer("", "  ")
    assert [p.field for p in caught.value.problems] == ["buyer.account_code", "buyer.name"]


def test_a_signed_certificate_needs_a_key_id_and_a_64_byte_signature(
    unsigned: UnsignedCertificate,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        Certificate.from_unsigned(unsigned, key_id="KEY", signature=b"short")
    assert [p.field for p in caught.value.problems] == ["key_id", "signature"]


def test_a_certificate_gives_back_its_content(unsigned: UnsignedCertificate) -> None:
    signed = Certificate.from_unsigned(unsigned, key_id="0123456789abcdef", signature=bytes(64))
    assert signed.unsigned() == unsigned
    assert type(signed.unsigned()) is UnsignedCertificate
    assert signed.signed_bytes() == canonical_bytes(unsigned, "0123456789abcdef")

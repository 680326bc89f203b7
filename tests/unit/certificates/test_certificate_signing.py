"""Signing and verifying: valid, revoked, forged (and which field), unknown."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from warrantor.certificates import (
    SIGNED_FIELDS,
    Buyer,
    Certificate,
    InMemoryRegistry,
    KeyRing,
    RegistryRecord,
    SigningKey,
    UnsignedCertificate,
    VerificationStatus,
    key_id_for,
    sign,
    sign_with,
    verify,
)
from warrantor.errors import InvalidInput

FORGED = VerificationStatus.FORGED


def with_field(certificate: Certificate, field: str, value: object) -> Certificate:
    """The certificate with one signed field changed and the old signature kept."""
    if field.startswith("buyer."):
        part = field.removeprefix("buyer.")
        return dataclasses.replace(
            certificate, buyer=dataclasses.replace(certificate.buyer, **{part: value})
        )
    return dataclasses.replace(certificate, **{field: value})


CHANGES: dict[str, Callable[[Certificate], object]] = {
    "number": lambda c: "EW-2025-000999",
    "brand": lambda c: "Netac",
    "model": lambda c: "TS-873A",
    "serial": lambda c: "Q203I99999",
    "extension_years": lambda c: c.extension_years + 1,
    "starts_on": lambda c: c.starts_on - timedelta(days=1),
    "ends_on": lambda c: c.ends_on + timedelta(days=365),
    "buyer.account_code": lambda c: "D-0666",
    "buyer.name": lambda c: "Someone Else Ltd",
    "issued_at": lambda c: c.issued_at + timedelta(seconds=1),
    "replaces": lambda c: "EW-2024-000001",
    "key_id": lambda c: "0123456789abcdef",
}


def test_every_signed_field_has_a_tampering_case() -> None:
    assert set(CHANGES) == set(SIGNED_FIELDS)


def test_a_signed_certificate_verifies_as_valid(
    issued: Certificate, keyring: KeyRing, registry: InMemoryRegistry
) -> None:
    result = verify(issued, keyring.verification_keys(), registry)

    assert result.status is VerificationStatus.VALID
    assert result.is_valid
    assert result.differing_fields == ()
    assert issued.key_id in result.reasons[0]


def test_the_signature_is_made_by_the_active_key_and_covers_the_key_id(
    issued: Certificate, keyring: KeyRing
) -> None:
    active = keyring.ensure_active_key()
    assert issued.key_id == active.key_id
    active.public_key.verify(issued.signature, issued.signed_bytes())
    assert f'"key_id":"{issued.key_id}"'.encode() in issued.signed_bytes()


@pytest.mark.parametrize("field", SIGNED_FIELDS)
def test_changing_any_signed_field_after_signing_is_forgery_naming_the_field(
    field: str, issued: Certificate, keyring: KeyRing, registry: InMemoryRegistry
) -> None:
    tampered = with_field(issued, field, CHANGES[field](issued))

    result = verify(tampered, keyring.verification_keys(), registry)

    assert result.status is FORGED
    assert field in result.differing_fields
    assert any(field in reason for reason in result.reasons), result.reasons


def test_a_key_id_changed_to_another_real_key_is_still_forgery(
    issued: Certificate, keyring: KeyRing, registry: InMemoryRegistry
) -> None:
    other = keyring.rotate()
    tampered = dataclasses.replace(issued, key_id=other.key_id)

    result = verify(tampered, keyring.verification_keys(), registry)

    assert result.status is FORGED
    assert result.differing_fields == ("key_id",)
    assert "does not verify" in result.reasons[0]


def test_a_certificate_re_signed_with_an_unknown_key_is_forgery(
    issued: Certificate, keyring: KeyRing, registry: InMemoryRegistry
) -> None:
    private_key = Ed25519PrivateKey.generate()
    stranger = SigningKey(key_id_for(private_key.public_key()), private_key)
    forged = sign_with(dataclasses.replace(issued, serial="Q203I99999"), stranger)

    result = verify(forged, keyring.verification_keys(), registry)

    assert result.status is FORGED
    assert f"signed with key {stranger.key_id}, which is not one of the issuer's keys" in (
        result.reasons
    )
    assert set(result.differing_fields) == {"serial", "key_id"}


def test_a_validly_signed_certificate_that_differs_from_the_registry_is_forgery(
    issued: Certificate, keyring: KeyRing, registry: InMemoryRegistry
) -> None:
    # A real number with a later end date, signed with the issuer's own key
    # (a leaked key, or a bug in whatever signed it): the registry decides.
    stretched = sign(dataclasses.replace(issued, ends_on=date(2029, 12, 31)), keyring)
    keyring.verification_keys()[stretched.key_id].verify(
        stretched.signature, stretched.signed_bytes()
    )

    result = verify(stretched, keyring.verification_keys(), registry)

    assert result.status is FORGED
    assert result.differing_fields == ("ends_on",)
    assert result.reasons == ("ends_on differs from the certificate issued under this number",)


def test_reasons_never_show_the_registry_values(
    issued: Certificate, keyring: KeyRing, registry: InMemoryRegistry
) -> None:
    guessed = dataclasses.replace(issued, serial="GUESS", buyer=Buyer("X", "Nobody"))

    result = verify(guessed, keyring.verification_keys(), registry)

    text = " ".join(result.reasons)
    assert issued.serial not in text
    assert issued.buyer.name not in text


def test_a_revoked_certificate_says_when_and_why(issued: Certificate, keyring: KeyRing) -> None:
    revoked_at = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    registry = InMemoryRegistry(
        [RegistryRecord(issued, revoked_at, "reissued as EW-2025-000124 (buyer name corrected)")]
    )

    result = verify(issued, keyring.verification_keys(), registry)

    assert result.status is VerificationStatus.REVOKED
    assert result.revoked_at == revoked_at
    assert result.revoked_reason == "reissued as EW-2025-000124 (buyer name corrected)"
    assert result.reasons == (
        "revoked on 2025-06-01T12:00:00Z: reissued as EW-2025-000124 (buyer name corrected)",
    )


def test_a_forged_copy_of_a_revoked_certificate_is_forgery_not_revoked(
    issued: Certificate, keyring: KeyRing
) -> None:
    registry = InMemoryRegistry(
        [RegistryRecord(issued, datetime(2025, 6, 1, tzinfo=UTC), "refunded")]
    )
    result = verify(dataclasses.replace(issued, serial="X1"), keyring.verification_keys(), registry)
    assert result.status is FORGED


def test_a_validly_signed_number_missing_from_the_registry_is_unknown(
    issued: Certificate, keyring: KeyRing
) -> None:
    result = verify(issued, keyring.verification_keys(), InMemoryRegistry())

    assert result.status is VerificationStatus.UNKNOWN
    assert "no certificate numbered EW-2025-000123 was issued" in result.reasons[0]


def test_a_revocation_needs_a_reason(issued: Certificate) -> None:
    with pytest.raises(InvalidInput) as caught:
        RegistryRecord(issued, datetime(2025, 6, 1, tzinfo=UTC), None)
    assert caught.value.problems[0].field == "revoked_reason"


def test_signing_a_signed_certificate_signs_its_content_afresh(
    issued: Certificate, keyring: KeyRing
) -> None:
    keyring.rotate()
    again = sign(issued, keyring)
    assert again.key_id != issued.key_id
    assert again.unsigned() == issued.unsigned()


# --- property: any change to any signed field breaks verification -------------

_TEXT = (
    st.text(
        alphabet=st.characters(categories=["Lu", "Ll", "Nd"], include_characters="-. "),
        min_size=1,
        max_size=24,
    )
    .map(str.strip)
    .filter(bool)
)
_NUMBER = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)
_INSTANT = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
_VALUES: dict[str, st.SearchStrategy[object]] = {
    "number": _NUMBER,
    "brand": _TEXT,
    "model": _TEXT,
    "serial": _TEXT,
    "extension_years": st.integers(1, 10),
    "starts_on": st.dates(max_value=date(2028, 12, 31)),
    "ends_on": st.dates(min_value=date(2027, 1, 1)),
    "buyer.account_code": _TEXT,
    "buyer.name": _TEXT,
    "issued_at": _INSTANT,
    "replaces": st.none() | _NUMBER,
    "key_id": st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
}


@pytest.fixture(scope="module")
def issued_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Certificate, KeyRing]:
    keyring = KeyRing(Path(tmp_path_factory.mktemp("property")) / "keys")
    certificate = sign(
        UnsignedCertificate(
            number="EW-2025-000123",
            brand="QNAP",
            model="TS-453D",
            serial="Q203I12345",
            extension_years=2,
            starts_on=date(2027, 1, 1),
            ends_on=date(2028, 12, 31),
            buyer=Buyer("D-0042", "Northwind Storage Ltd"),
            issued_at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
        ),
        keyring,
    )
    return certificate, keyring


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), field=st.sampled_from(SIGNED_FIELDS))
def test_any_change_to_any_signed_field_breaks_verification(
    issued_once: tuple[Certificate, KeyRing], data: st.DataObject, field: str
) -> None:
    issued, keyring = issued_once
    value = data.draw(_VALUES[field], label=field)
    try:
        tampered = with_field(issued, field, value)
    except InvalidInput:
        assume(False)  # e.g. an end date before the start: not a certificate at all
        raise
    assume(tampered != issued)

    result = verify(
        tampered, keyring.verification_keys(), InMemoryRegistry([RegistryRecord(issued)])
    )

    assert result.status is FORGED
    assert field in result.differing_fields

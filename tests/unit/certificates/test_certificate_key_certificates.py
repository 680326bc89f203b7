"""Each signing key's X.509 certificate: derived from the key, the same on every host."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID

from warrantor.certificates import KeyRing, key_certificate, key_certificates
from warrantor.certificates.key_certificates import (
    certificate_key_id,
    der,
    is_key_certificate,
    pem_bundle,
)


def test_a_key_gets_the_same_certificate_every_time_even_reloaded_from_the_ring(
    keyring: KeyRing,
) -> None:
    key = keyring.ensure_active_key()
    reloaded = keyring.all_keys()[key.key_id]

    assert der(key_certificate(key)) == der(key_certificate(reloaded))


def test_the_certificate_is_self_signed_names_the_key_and_may_sign_documents(
    keyring: KeyRing,
) -> None:
    key = keyring.ensure_active_key()

    certificate = key_certificate(key)

    assert certificate.issuer == certificate.subject
    [common_name] = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert key.key_id in str(common_name.value)
    assert certificate_key_id(certificate) == key.key_id
    certificate.verify_directly_issued_by(certificate)  # raises if the signature is wrong
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    # Valid for as long as PDFs it signed are kept: retiring a key is a rotation.
    assert certificate.not_valid_after_utc == datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


def test_after_a_rotation_every_key_has_its_certificate_in_the_published_pem(
    keyring: KeyRing,
) -> None:
    first = keyring.ensure_active_key()
    second = keyring.rotate()

    certificates = key_certificates(keyring.all_keys().values())
    bundle = x509.load_pem_x509_certificates(pem_bundle(certificates.values()).encode())

    assert set(certificates) == {first.key_id, second.key_id}
    assert sorted(certificate_key_id(c) or "" for c in bundle) == sorted(certificates)


def test_a_key_certificate_is_recognised_with_the_public_key_alone_and_no_altered_copy_is(
    keyring: KeyRing, tmp_path: Path
) -> None:
    # A host without the ring's master secret has only public keys, and must still tell the
    # issuer's certificate (carried in a PDF's signature) from anything else.
    key = keyring.ensure_active_key()
    genuine = der(key_certificate(key))
    stranger = KeyRing(tmp_path / "stranger").ensure_active_key()

    assert is_key_certificate(genuine, key.public_key)
    assert not is_key_certificate(genuine, stranger.public_key)
    assert not is_key_certificate(der(key_certificate(stranger)), key.public_key)
    for offset in range(len(genuine)):
        altered = bytearray(genuine)
        altered[offset] ^= 0x01
        assert not is_key_certificate(bytes(altered), key.public_key), offset

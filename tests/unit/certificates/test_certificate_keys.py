"""The key ring on disk: first key, rotation, published keys, refusing tampered files."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import stat
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import (
    SECP256R1,
    EllipticCurvePrivateKey,
    generate_private_key,
)
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from warrantor.certificates import (
    Certificate,
    InMemoryRegistry,
    KeyFileError,
    KeyRing,
    RegistryRecord,
    UnsignedCertificate,
    VerificationStatus,
    public_key_from_jwk,
    sign,
    verify,
)
from warrantor.certificates.keys import raw_public_key
from warrantor.errors import InvalidInput


def test_nothing_is_created_until_a_key_is_needed(tmp_path: Path) -> None:
    keyring = KeyRing(tmp_path / "keys")
    assert keyring.active_key() is None
    assert keyring.public_keys() == {}
    assert not (tmp_path / "keys").exists()


def test_the_first_use_creates_one_active_key_and_reuses_it(tmp_path: Path) -> None:
    keyring = KeyRing(tmp_path / "nested" / "keys")

    first = keyring.ensure_active_key()

    assert keyring.ensure_active_key().key_id == first.key_id
    assert KeyRing(tmp_path / "nested" / "keys").active_key() == first
    assert {p.name for p in (tmp_path / "nested" / "keys").iterdir()} == {
        f"{first.key_id}.pem",
        "active",
    }


def test_key_files_are_readable_by_the_owner_only(keyring: KeyRing) -> None:
    key = keyring.ensure_active_key()
    rotated = keyring.rotate()

    for key_id in (key.key_id, rotated.key_id):
        mode = stat.S_IMODE((keyring.folder / f"{key_id}.pem").stat().st_mode)
        assert mode == 0o600, oct(mode)
    assert stat.S_IMODE(keyring.folder.stat().st_mode) == 0o700


def test_a_key_id_is_the_start_of_the_sha256_of_the_raw_public_key(keyring: KeyRing) -> None:
    key = keyring.ensure_active_key()
    assert key.key_id == hashlib.sha256(raw_public_key(key.public_key)).hexdigest()[:16]


def test_after_rotation_new_certificates_use_the_new_key_and_old_ones_still_verify(
    unsigned: UnsignedCertificate, keyring: KeyRing
) -> None:
    old = sign(unsigned, keyring)
    new_key = keyring.rotate()
    new = sign(dataclasses.replace(unsigned, number="EW-2025-000124"), keyring)
    registry = InMemoryRegistry([RegistryRecord(old), RegistryRecord(new)])

    assert new.key_id == new_key.key_id != old.key_id
    assert keyring.active_key() == new_key
    assert set(keyring.public_keys()) == {old.key_id, new.key_id}
    for certificate in (old, new):
        result = verify(certificate, keyring.verification_keys(), registry)
        assert result.status is VerificationStatus.VALID, result.reasons


def test_published_keys_are_ed25519_jwks_that_verify_certificates(
    issued: Certificate, keyring: KeyRing, registry: InMemoryRegistry
) -> None:
    published = keyring.public_keys()

    jwk = published[issued.key_id]
    assert set(jwk) == {"kty", "crv", "x", "kid"}
    assert (jwk["kty"], jwk["crv"], jwk["kid"]) == ("OKP", "Ed25519", issued.key_id)
    assert "=" not in jwk["x"]
    raw = base64.urlsafe_b64decode(jwk["x"] + "=")
    assert raw == raw_public_key(keyring.ensure_active_key().public_key)

    keys = {kid: public_key_from_jwk(j) for kid, j in published.items()}
    assert verify(issued, keys, registry).status is VerificationStatus.VALID


def test_a_published_key_with_a_wrong_kid_is_refused(keyring: KeyRing) -> None:
    key = keyring.ensure_active_key()
    jwk = keyring.public_keys()[key.key_id]
    with pytest.raises(InvalidInput) as caught:
        public_key_from_jwk({**jwk, "kid": "0000000000000000"})
    assert caught.value.problems[0].field == "kid"
    with pytest.raises(InvalidInput) as caught:
        public_key_from_jwk({**jwk, "x": "not-a-key"})
    assert caught.value.problems[0].field == "x"


def _pem(private_key: Ed25519PrivateKey | EllipticCurvePrivateKey) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def test_a_key_file_replaced_by_another_key_is_refused_naming_the_file(keyring: KeyRing) -> None:
    key = keyring.ensure_active_key()
    path = keyring.folder / f"{key.key_id}.pem"
    path.write_bytes(_pem(Ed25519PrivateKey.generate()))

    with pytest.raises(KeyFileError, match="the file was changed or renamed") as caught:
        keyring.ensure_active_key()
    assert caught.value.path == path
    assert str(path) in caught.value.message
    with pytest.raises(KeyFileError):
        keyring.public_keys()


def test_an_unreadable_key_file_is_refused_naming_the_file(keyring: KeyRing) -> None:
    key = keyring.ensure_active_key()
    path = keyring.folder / f"{key.key_id}.pem"
    path.write_bytes(b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n")

    with pytest.raises(KeyFileError, match="not a readable unencrypted PEM") as caught:
        keyring.ensure_active_key()
    assert caught.value.path == path


def test_a_key_that_is_not_ed25519_is_refused(keyring: KeyRing) -> None:
    keyring.ensure_active_key()
    path = keyring.folder / "0123456789abcdef.pem"
    path.write_bytes(_pem(generate_private_key(SECP256R1())))

    with pytest.raises(KeyFileError, match="not Ed25519") as caught:
        keyring.verification_keys()
    assert caught.value.path == path


def test_a_stray_pem_file_in_the_key_folder_is_refused(keyring: KeyRing) -> None:
    keyring.ensure_active_key()
    (keyring.folder / "backup.pem").write_bytes(b"")
    with pytest.raises(KeyFileError, match=r"not named <key id>\.pem"):
        keyring.public_keys()


def test_a_broken_active_pointer_is_refused(keyring: KeyRing) -> None:
    keyring.ensure_active_key()
    pointer = keyring.folder / "active"

    pointer.write_text("not a key id\n")
    with pytest.raises(KeyFileError, match="16-hex-digit key id"):
        keyring.ensure_active_key()

    pointer.write_text("0123456789abcdef\n")
    with pytest.raises(KeyFileError, match=r"0123456789abcdef\.pem is missing") as caught:
        keyring.ensure_active_key()
    assert caught.value.path == pointer


def test_rotation_refuses_a_folder_with_a_tampered_key(keyring: KeyRing) -> None:
    key = keyring.ensure_active_key()
    (keyring.folder / f"{key.key_id}.pem").write_bytes(_pem(Ed25519PrivateKey.generate()))
    with pytest.raises(KeyFileError):
        keyring.rotate()
    assert (keyring.folder / "active").read_text().strip() == key.key_id


def test_a_key_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "keys").write_text("")
    with pytest.raises(KeyFileError) as caught:
        KeyRing(tmp_path / "keys").ensure_active_key()
    assert caught.value.path == tmp_path / "keys"


def test_processes_starting_at_once_agree_on_one_first_key(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    barrier = threading.Barrier(8)
    found: list[str] = []

    def first_run() -> None:
        barrier.wait()
        found.append(KeyRing(folder).ensure_active_key().key_id)

    threads = [threading.Thread(target=first_run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(found)) == 1
    assert [p.name for p in folder.glob("*.pem")] == [f"{found[0]}.pem"]
    assert not list(folder.glob(".tmp-*"))

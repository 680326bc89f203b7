"""One key ring for every app host: signing keys in the database, private keys sealed
with the master secret. Two ``database_key_ring`` objects on one database stand for
two hosts (each with its own cache); tests/integration/topology/ does it with two
real processes."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from warrantor.certificates import Buyer, Certificate, KeyRing, export_json
from warrantor.certificates.keys import new_signing_key, raw_public_key
from warrantor.certificates.sealing import SealedKeyError
from warrantor.errors import Conflict
from warrantor.services.certificates.issuing import CertificateRequest, issue_certificate
from warrantor.services.certificates.key_ring import (
    SECRET_FILE,
    database_key_ring,
    import_folder_keys,
    master_secret,
)
from warrantor.services.certificates.verifying import verify_file
from warrantor.services.clock import SystemClock
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.tables_keys import signing_keys

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SECRET = "a-master-secret-of-at-least-thirty-two-characters"
OTHER_SECRET = "another-master-secret-of-thirty-two-characters!"


def issue(uow_factory: UnitOfWorkFactory, keys: KeyRing, serial: str) -> Certificate:
    request = CertificateRequest(
        extension_id=7,
        brand="QNAP",
        model="TS-453 Pro",
        serial=serial,
        extension_years=2,
        starts_on=date(2027, 1, 1),
        ends_on=date(2028, 12, 31),
        buyer=Buyer("D-0042", "Northwind Storage Ltd"),
    )
    with uow_factory() as uow:
        return issue_certificate(uow, keys, request, NOW)


def verdict(uow_factory: UnitOfWorkFactory, keys: KeyRing, certificate: Certificate) -> str:
    found = verify_file(uow_factory, keys, export_json(certificate).encode())
    return found.verification.status.value


def test_a_certificate_signed_on_one_host_verifies_on_another(
    uow_factory: UnitOfWorkFactory,
) -> None:
    host_a, host_b = (database_key_ring(uow_factory, SECRET, SystemClock()) for _ in range(2))
    certificate = issue(uow_factory, host_a, "QKR00001")
    assert verdict(uow_factory, host_b, certificate) == "valid"
    assert host_b.ensure_active_key().key_id == certificate.key_id  # B signs with A's key


def test_a_rotation_on_one_host_is_the_active_key_on_all_and_old_certificates_still_verify(
    uow_factory: UnitOfWorkFactory,
) -> None:
    host_a, host_b = (database_key_ring(uow_factory, SECRET, SystemClock()) for _ in range(2))
    before = issue(uow_factory, host_b, "QKR00002")
    rotated = host_a.rotate()
    after = issue(uow_factory, host_b, "QKR00003")
    assert after.key_id == rotated.key_id != before.key_id
    assert [verdict(uow_factory, host_b, c) for c in (before, after)] == ["valid", "valid"]
    assert list(host_b.public_keys()) == [before.key_id, after.key_id]


def test_private_keys_are_stored_sealed_and_public_keys_in_clear(
    uow_factory: UnitOfWorkFactory,
) -> None:
    key = database_key_ring(uow_factory, SECRET, SystemClock()).ensure_active_key()
    raw = key.private_key.private_bytes_raw()
    with uow_factory() as uow:
        row = uow.connection.execute(select(signing_keys)).one()
    assert raw not in bytes(row.sealed_private_key)
    assert bytes(row.public_key) == raw_public_key(key.public_key)


def test_without_the_secret_a_host_reads_the_public_keys_but_refuses_to_sign(
    uow_factory: UnitOfWorkFactory,
) -> None:
    certificate = issue(
        uow_factory, database_key_ring(uow_factory, SECRET, SystemClock()), "QKR00004"
    )
    no_secret = database_key_ring(uow_factory, None, SystemClock())
    assert list(no_secret.verification_keys()) == [certificate.key_id]
    refusal = "holds 1 encrypted signing key but WARRANTOR_KEYS_MASTER_SECRET is not set"
    with pytest.raises(SealedKeyError, match=refusal):
        no_secret.ensure_active_key()


def test_a_database_with_no_keys_and_no_secret_says_how_to_sign(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with pytest.raises(SealedKeyError, match="set WARRANTOR_KEYS_MASTER_SECRET"):
        database_key_ring(uow_factory, None, SystemClock()).ensure_active_key()


def test_the_wrong_secret_and_a_changed_row_are_told_apart(uow_factory: UnitOfWorkFactory) -> None:
    database_key_ring(uow_factory, SECRET, SystemClock()).ensure_active_key()
    with pytest.raises(SealedKeyError, match="sealed with another master secret"):
        database_key_ring(uow_factory, OTHER_SECRET, SystemClock()).ensure_active_key()
    with uow_factory() as uow:
        sealed = uow.connection.execute(select(signing_keys.c.sealed_private_key)).scalar_one()
        damaged = bytes(sealed[:-1]) + bytes([sealed[-1] ^ 1])
        uow.connection.execute(update(signing_keys).values(sealed_private_key=damaged))
    with pytest.raises(SealedKeyError, match="the row was changed or moved"):
        database_key_ring(uow_factory, SECRET, SystemClock()).ensure_active_key()


def test_two_hosts_making_the_first_key_at_once_end_up_with_one(
    uow_factory: UnitOfWorkFactory,
) -> None:
    host_a, host_b = (database_key_ring(uow_factory, SECRET, SystemClock()) for _ in range(2))
    first = host_a.ensure_active_key()
    store = host_b._store  # B lost the race: it had made its own key before looking
    assert store.add_first(new_signing_key()) == first
    assert list(host_b.public_keys()) == [first.key_id]


def test_a_former_key_folder_moves_into_the_database_with_its_active_key(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    folder = KeyRing(tmp_path / "keys")
    old = folder.ensure_active_key()
    newest = folder.rotate()
    signed_before = issue(uow_factory, folder, "QKR00005")
    ring = database_key_ring(uow_factory, SECRET, SystemClock())
    assert import_folder_keys(ring, folder) == [old.key_id, newest.key_id]
    assert ring.active_key() == newest
    assert (
        verdict(uow_factory, database_key_ring(uow_factory, SECRET, SystemClock()), signed_before)
        == "valid"
    )
    with pytest.raises(Conflict, match="already holds signing keys"):
        import_folder_keys(ring, folder)


def test_on_sqlite_the_secret_is_generated_once_into_the_data_dir(tmp_path: Path) -> None:
    secret = master_secret(None, on_sqlite=True, data_dir=tmp_path / "data")
    path = tmp_path / "data" / SECRET_FILE
    assert secret is not None and len(secret) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert master_secret(None, on_sqlite=True, data_dir=tmp_path / "data") == secret
    assert master_secret(SECRET, on_sqlite=True, data_dir=tmp_path / "x") == SECRET
    assert master_secret(None, on_sqlite=False, data_dir=tmp_path / "y") is None
    assert not (tmp_path / "y").exists()

"""The key ring every app host shares: signing keys in the database, sealed with the
master secret (``store.signing_keys``, ``certificates.sealing``).

When: built once per process by ``bootstrap.build_runtime``. Which secret:

- ``WARRANTOR_KEYS_MASTER_SECRET`` when set (required on PostgreSQL: every host
  of a deployment is given the same one);
- on SQLite without it, a secret generated on first use into
  ``<data dir>/keys-master-secret`` (mode 0600), so ``make run`` and the demo
  work with nothing configured; back that file up with the database;
- otherwise none: the host verifies certificates but refuses to sign, saying
  which variable to set.

``import_folder_keys`` moves the keys of a former key folder
(``WARRANTOR_KEYS_DIR``) into the database, so what they signed stays valid.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection

from warrantor.certificates.keys import KeyRing
from warrantor.certificates.sealing import KeyCipher
from warrantor.errors import Conflict
from warrantor.services.clock import Clock
from warrantor.services.uow import UnitOfWorkFactory, writing_connection
from warrantor.store.signing_keys import DatabaseKeyStore

SECRET_FILE = "keys-master-secret"


def database_key_ring(uow_factory: UnitOfWorkFactory, secret: str | None, clock: Clock) -> KeyRing:
    """The key ring in the database ``uow_factory`` writes to (the primary); a key it makes
    is stamped by ``clock``.

    Inside a use case's unit of work (issuing a certificate) the ring reads and
    makes its key in that transaction; elsewhere in one of its own."""

    @contextmanager
    def transaction() -> Iterator[Connection]:
        joined = writing_connection()
        if joined is not None:  # inside a use case's unit of work: a savepoint in it
            with joined.begin_nested():
                yield joined
            return
        with uow_factory() as uow:
            yield uow.connection

    cipher = KeyCipher(secret) if secret else None
    return KeyRing(DatabaseKeyStore(transaction, cipher, clock.now))


def master_secret(configured: str | None, on_sqlite: bool, data_dir: Path) -> str | None:
    """The secret to seal keys with: ``configured``, else (SQLite only) the one in
    ``data_dir``, generated there on first use; else ``None``."""
    if configured:
        return configured
    if not on_sqlite:
        return None
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: read theirs
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(32) + "\n")
    return path.read_text(encoding="ascii").strip()


def import_folder_keys(ring: KeyRing, folder: KeyRing) -> list[str]:
    """Copy every key of ``folder`` into ``ring``, which must be empty, oldest first and
    the folder's active key last, so it stays the active one; returns the ids copied."""
    if ring.verification_keys():
        raise Conflict(
            f"{ring.location} already holds signing keys: import a key folder before the "
            "first certificate is signed there"
        )
    active = folder.active_key()
    keys = sorted(
        folder.all_keys().values(),
        key=lambda key: active is not None and key.key_id == active.key_id,
    )
    for key in keys:
        ring.adopt(key)
    return [key.key_id for key in keys]

"""The certificate signing keys in the database: one key ring for every app host.

A ``KeyStore`` (``certificates.keys``) on the ``signing_keys`` table: a key
made or rotated on one host is the active key on all of them at their next
signature, and every host verifies what any other signed. Private keys are
sealed with the master secret (``certificates.sealing``); without the secret
a host can still verify (public keys are in clear) but not sign.

Each call runs in its own short transaction on the primary (``transaction``
opens one and commits it), so a key is kept even if the certificate being
issued is rolled back, and a read-only path never holds it open. The
highest ``generation`` is the active key; ``generation`` is unique, so of two
hosts making the first key (or rotating) at once, one insert wins and the
other host uses the winner's key.

Opened private keys are kept in memory by key id (a key never changes), so
signing costs one small query for the active key's id.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, Row, func, select

from warrantor.certificates.keys import SigningKey, raw_public_key
from warrantor.certificates.sealing import KeyCipher, SealedKeyError, missing_secret
from warrantor.store.tables_keys import signing_keys
from warrantor.store.upsert import insert_for

Transaction = Callable[[], AbstractContextManager[Connection]]
"""Opens a transaction on the primary and commits it when the block ends."""

_ROTATION_ATTEMPTS = 5


class DatabaseKeyStore:
    """Signing keys in ``signing_keys``, sealed with ``cipher`` (``None``: no master
    secret configured, so this host verifies but can't sign); ``now`` stamps a key made."""

    def __init__(
        self, transaction: Transaction, cipher: KeyCipher | None, now: Callable[[], datetime]
    ) -> None:
        self._transaction = transaction
        self._cipher = cipher
        self._now = now
        self._opened: dict[str, SigningKey] = {}

    @property
    def location(self) -> str:
        return "the database"

    def active(self) -> SigningKey | None:
        with self._transaction() as connection:
            row = connection.execute(
                select(signing_keys).order_by(signing_keys.c.generation.desc()).limit(1)
            ).first()
            if row is None:
                return None
            if row.key_id in self._opened:
                return self._opened[row.key_id]
            return self._open(connection, row)

    def add_first(self, key: SigningKey) -> SigningKey:
        with self._transaction() as connection:
            values = self._row(key, generation=1)
            statement = insert_for(connection, signing_keys).values(values)
            connection.execute(statement.on_conflict_do_nothing(index_elements=["generation"]))
        active = self.active()
        if active is None:  # pragma: no cover - a first key was just stored
            raise SealedKeyError("the first signing key vanished from the database")
        return active

    def add_active(self, key: SigningKey) -> None:
        for _ in range(_ROTATION_ATTEMPTS):
            with self._transaction() as connection:
                latest = connection.execute(select(func.max(signing_keys.c.generation))).scalar()
                values = self._row(key, generation=(latest or 0) + 1)
                statement = insert_for(connection, signing_keys).values(values)
                kept = connection.execute(
                    statement.on_conflict_do_nothing(index_elements=["generation"]).returning(
                        signing_keys.c.key_id
                    )
                ).first()
                if kept is not None:
                    return
        raise SealedKeyError("another host kept rotating the signing key; try again")

    def every_key(self) -> list[SigningKey]:
        with self._transaction() as connection:
            rows = connection.execute(
                select(signing_keys).order_by(signing_keys.c.generation)
            ).all()
            return [self._opened.get(row.key_id) or self._open(connection, row) for row in rows]

    def every_public_key(self) -> dict[str, Ed25519PublicKey]:
        with self._transaction() as connection:
            rows = connection.execute(
                select(signing_keys.c.key_id, signing_keys.c.public_key).order_by(
                    signing_keys.c.generation
                )
            ).all()
        return {row.key_id: Ed25519PublicKey.from_public_bytes(row.public_key) for row in rows}

    def count(self) -> int:
        """How many keys the database holds."""
        with self._transaction() as connection:
            return int(
                connection.execute(select(func.count()).select_from(signing_keys)).scalar_one()
            )

    def _open(self, connection: Connection, row: Row[Any]) -> SigningKey:
        if self._cipher is None:
            stored = connection.execute(select(func.count()).select_from(signing_keys)).scalar_one()
            raise missing_secret(int(stored))
        key = self._cipher.open(row.key_id, row.sealed_private_key, row.secret_fingerprint)
        self._opened[key.key_id] = key
        return key

    def _row(self, key: SigningKey, generation: int) -> dict[str, object]:
        if self._cipher is None:
            raise missing_secret(0)
        return {
            "key_id": key.key_id,
            "generation": generation,
            "public_key": raw_public_key(key.public_key),
            "sealed_private_key": self._cipher.seal(key),
            "secret_fingerprint": self._cipher.fingerprint,
            "created_at": self._now(),
        }

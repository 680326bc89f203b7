"""Sealing signing keys with a master secret, for a key ring kept in the database.

When and why: every app host reads the signing keys from the database, so a
certificate signed on one host verifies on any other. The private keys must
not be readable from a dump or a replica, so each is sealed (AES-256-GCM)
with a key derived from a master secret only the app hosts hold
(``WARRANTOR_KEYS_MASTER_SECRET``). Public keys stay in clear: verifying
needs no secret.

- The secret is at least 32 random characters; HKDF-SHA256 turns it into the
  AES key (a KDF made for high-entropy secrets; a passphrase would want
  scrypt, and a generated secret is not one).
- A sealed key is ``v1`` + a random 12-byte nonce + the ciphertext of the
  32 raw private-key bytes, with the key id as associated data, so a sealed
  key moved onto another key's row fails to open.
- ``fingerprint`` (16 hex digits, derived separately from the secret) is
  stored beside each sealed key: a key sealed under another secret is told
  apart from a damaged one, and the error says which.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from warrantor.certificates.keys import SigningKey, key_id_for
from warrantor.errors import Unavailable

SECRET_VARIABLE = "WARRANTOR_KEYS_MASTER_SECRET"
_VERSION = b"v1"
_NONCE_BYTES = 12
_SALT = b"warrantor key ring"


class SealedKeyError(Unavailable):
    """The key ring in the database can't be used as configured: no master secret, the
    wrong one, or a damaged row. A deployment problem, so 503 rather than the caller's."""


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=purpose).derive(
        secret.encode("utf-8")
    )


class KeyCipher:
    """Seals and opens private keys with one master secret."""

    def __init__(self, secret: str) -> None:
        self._aead = AESGCM(_derive(secret, b"signing keys v1"))
        self.fingerprint = _derive(secret, b"fingerprint v1").hex()[:16]
        """Which secret sealed a key, without revealing it."""

    def seal(self, key: SigningKey) -> bytes:
        raw = key.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, raw, key.key_id.encode("ascii"))

    def open(self, key_id: str, sealed: bytes, fingerprint: str) -> SigningKey:
        """The key sealed in ``sealed``; ``SealedKeyError`` naming what is wrong."""
        if fingerprint != self.fingerprint:
            raise SealedKeyError(
                f"signing key {key_id} was sealed with another master secret than "
                f"{SECRET_VARIABLE} holds (fingerprint {fingerprint}, this secret's is "
                f"{self.fingerprint}): give every app host the secret the keys were made with"
            )
        if not sealed.startswith(_VERSION) or len(sealed) < len(_VERSION) + _NONCE_BYTES + 16:
            raise SealedKeyError(f"signing key {key_id} is damaged in the database (bad format)")
        nonce = sealed[len(_VERSION) : len(_VERSION) + _NONCE_BYTES]
        body = sealed[len(_VERSION) + _NONCE_BYTES :]
        try:
            raw = self._aead.decrypt(nonce, body, key_id.encode("ascii"))
            private_key = Ed25519PrivateKey.from_private_bytes(raw)
        except (InvalidTag, ValueError):
            raise SealedKeyError(
                f"signing key {key_id} does not open with this master secret: "
                "the row was changed or moved"
            ) from None
        if key_id_for(private_key.public_key()) != key_id:
            raise SealedKeyError(f"signing key {key_id} holds another key: the row was changed")
        return SigningKey(key_id, private_key)


def missing_secret(stored: int) -> SealedKeyError:
    """The error when a key is needed and no master secret is configured."""
    if stored:
        return SealedKeyError(
            f"the database holds {stored} encrypted signing key{'s' if stored != 1 else ''} "
            f"but {SECRET_VARIABLE} is not set: set it to the secret they were made with "
            "(see the README: backing up the master secret)"
        )
    return SealedKeyError(
        f"certificates can't be signed: set {SECRET_VARIABLE} (at least 32 random characters, "
        "the same on every app host) so the signing keys can be stored encrypted in the database"
    )

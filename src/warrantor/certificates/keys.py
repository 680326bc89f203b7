"""The signing keys: Ed25519 private keys, one of them active, in a ``KeyStore``.

Two stores. A deployment of several app hosts keeps its keys in the database
(``warrantor.store.signing_keys``), private keys encrypted with a master
secret from the environment (``sealing``), so every host signs with the same
key and verifies what any other signed, and a database dump or a read-only
replica alone is not enough to issue certificates. A single host, and the
tests, may keep them in a folder (``FolderKeyStore``, given a path); it holds

- ``<key id>.pem``: one Ed25519 private key each, PKCS#8 PEM, unencrypted,
  file mode 0600 (the folder is created 0700);
- ``active``: the key id that signs new certificates.

A key id is the first 16 hex digits of SHA-256 over the raw 32-byte public
key, so anyone holding a published public key can recompute it, and a key
file whose name does not match its content is refused as tampered.

``rotate`` makes a new key active and keeps the old ones: certificates they
signed stay verifiable and their public keys stay published. Keys are never
deleted here; retiring a compromised key is a revocation of its
certificates, which is the registry's business.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from warrantor.certificates.errors import KeyFileError
from warrantor.errors import InvalidInput, Problem

ACTIVE_FILE = "active"
_KEY_FILE = re.compile(r"([0-9a-f]{16})\.pem")
_KEY_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True, slots=True, eq=False)
class SigningKey:
    """A private key with its key id; ``sign`` makes an Ed25519 signature.

    Two ``SigningKey`` are equal when their key ids are (the id is derived
    from the key).
    """

    key_id: str
    private_key: Ed25519PrivateKey

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SigningKey) and other.key_id == self.key_id

    def __hash__(self) -> int:
        return hash(self.key_id)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of an Ed25519 public key."""
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_for(public_key: Ed25519PublicKey) -> str:
    """First 16 hex digits of SHA-256 over the raw public key."""
    return hashlib.sha256(raw_public_key(public_key)).hexdigest()[:16]


def public_jwk(public_key: Ed25519PublicKey) -> dict[str, str]:
    """A public key as published (RFC 8037 JWK): ``kty`` OKP, ``crv`` Ed25519, ``x``, ``kid``."""
    x = base64.urlsafe_b64encode(raw_public_key(public_key)).rstrip(b"=").decode("ascii")
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": key_id_for(public_key)}


def public_key_from_jwk(jwk: Mapping[str, object]) -> Ed25519PublicKey:
    """A published JWK back to a public key, for verifying with published keys.

    Raises ``InvalidInput`` naming the member that is wrong, including a
    ``kid`` that does not match the key (a relabelled key is not trusted).
    """
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise InvalidInput(
            "not an Ed25519 public key (kty must be OKP, crv Ed25519)",
            [Problem("must be OKP / Ed25519", field="kty")],
        )
    x = jwk.get("x")
    try:
        if not isinstance(x, str):
            raise ValueError
        raw = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
        public_key = Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error):
        raise InvalidInput(
            "public key 'x' is not 32 bytes of base64url",
            [Problem("must be the 32-byte public key in base64url", field="x")],
        ) from None
    kid = jwk.get("kid")
    if kid is not None and kid != key_id_for(public_key):
        raise InvalidInput(
            f"key id {kid!r} does not match the key (its id is {key_id_for(public_key)})",
            [Problem("does not match the key", field="kid")],
        )
    return public_key


class KeyStore(Protocol):
    """Where a key ring keeps its keys: a folder (``FolderKeyStore``) or, shared by every
    app host, the database (``warrantor.store.signing_keys``, private keys encrypted)."""

    @property
    def location(self) -> str:
        """Where the keys are, for messages (a folder's path, "the database")."""
        ...

    def active(self) -> SigningKey | None:
        """The key that signs new certificates, or ``None`` before the first one."""
        ...

    def add_first(self, key: SigningKey) -> SigningKey:
        """Keep ``key`` as the active key if there is none yet; returns the active key
        (another process's, if it made the first key at the same moment)."""
        ...

    def add_active(self, key: SigningKey) -> None:
        """Keep ``key`` and make it the active one (rotation); older keys stay."""
        ...

    def every_key(self) -> list[SigningKey]:
        """Every key, oldest first."""
        ...

    def every_public_key(self) -> dict[str, Ed25519PublicKey]:
        """Every key's public half by key id, oldest first (what verification needs)."""
        ...


class KeyRing:
    """The signing keys, in a folder (given a path) or in another ``KeyStore``.

    Nothing is read or created until a method is called. Safe for several
    processes starting at once: the first use creates exactly one active key
    (the loser of a race discards its own key).
    """

    def __init__(self, where: Path | str | KeyStore) -> None:
        self._store = FolderKeyStore(Path(where)) if isinstance(where, str | Path) else where

    @property
    def folder(self) -> Path:
        """The key folder (a ring kept in a folder only)."""
        if not isinstance(self._store, FolderKeyStore):
            raise TypeError(f"this key ring is kept in {self._store.location}, not a folder")
        return self._store.folder

    @property
    def location(self) -> str:
        return self._store.location

    def active_key(self) -> SigningKey | None:
        """The key that signs new certificates, or ``None`` before the first one is made."""
        return self._store.active()

    def ensure_active_key(self) -> SigningKey:
        """The active key, made on first use."""
        return self._store.active() or self._store.add_first(new_signing_key())

    def rotate(self) -> SigningKey:
        """Make a new key and make it the active one; the old keys stay for verification.

        When: on a schedule, or at once when a key may have leaked (and then
        revoke what the leaked key signed).
        """
        self.all_keys()  # refuse to rotate over a ring holding a key that can't be trusted
        key = new_signing_key()
        self._store.add_active(key)
        return key

    def adopt(self, key: SigningKey) -> None:
        """Keep a key made elsewhere (moved from another ring) as the active one."""
        self._store.add_active(key)

    def all_keys(self) -> dict[str, SigningKey]:
        """Every key by key id, oldest first; raises ``KeyFileError`` (folder) or
        ``SealedKeyError`` (database) for any key that can't be trusted."""
        return {key.key_id: key for key in self._store.every_key()}

    def verification_keys(self) -> dict[str, Ed25519PublicKey]:
        """Public keys by key id, for ``signing.verify``: every key, old and active."""
        return self._store.every_public_key()

    def public_keys(self) -> dict[str, dict[str, str]]:
        """Public keys by key id as JWKs, for publishing (see ``public_jwk``)."""
        return {kid: public_jwk(key) for kid, key in self.verification_keys().items()}


def new_signing_key() -> SigningKey:
    """A fresh Ed25519 key with its key id."""
    private_key = Ed25519PrivateKey.generate()
    return SigningKey(key_id_for(private_key.public_key()), private_key)


def private_pem(key: SigningKey) -> bytes:
    """The private key as unencrypted PKCS#8 PEM (what a key file holds)."""
    return key.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


class FolderKeyStore:
    """Keys as files in one folder (``<key id>.pem`` and the ``active`` pointer), as the
    module docstring describes; the folder is created 0700 on first write."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def location(self) -> str:
        return str(self.folder)

    def active(self) -> SigningKey | None:
        if self.folder.exists() and not self.folder.is_dir():
            raise KeyFileError("is not a folder", self.folder)
        pointer = self.folder / ACTIVE_FILE
        try:
            text = pointer.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise KeyFileError(f"can't read the active key pointer: {error}", pointer) from None
        if not _KEY_ID.fullmatch(text):
            raise KeyFileError(
                f"the active key pointer should hold a 16-hex-digit key id, not {text[:40]!r}",
                pointer,
            )
        path = self.folder / f"{text}.pem"
        if not path.exists():
            raise KeyFileError(f"the active key is {text} but {path.name} is missing", pointer)
        return _load(path)

    def add_first(self, key: SigningKey) -> SigningKey:
        self._make_folder()
        self._write_key(key)
        pointer = self.folder / ACTIVE_FILE
        temporary = self._write_temporary(key.key_id.encode("ascii") + b"\n", mode=0o644)
        try:
            os.link(temporary, pointer)
        except FileExistsError:
            # Another process made the first key at the same moment: use theirs.
            (self.folder / f"{key.key_id}.pem").unlink(missing_ok=True)
            active = self.active()
            if active is None:  # pragma: no cover - the pointer was just seen
                raise KeyFileError("the active key pointer vanished", pointer) from None
            return active
        finally:
            temporary.unlink(missing_ok=True)
        return key

    def add_active(self, key: SigningKey) -> None:
        self._make_folder()
        self._write_key(key)
        temporary = self._write_temporary(key.key_id.encode("ascii") + b"\n", mode=0o644)
        os.replace(temporary, self.folder / ACTIVE_FILE)

    def every_key(self) -> list[SigningKey]:
        """Every key file, oldest first by file time; ``KeyFileError`` for any ``.pem``
        file that can't be trusted."""
        if not self.folder.is_dir():
            return []
        paths = sorted(self.folder.glob("*.pem"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        return [_load(path) for path in paths]

    def every_public_key(self) -> dict[str, Ed25519PublicKey]:
        return {key.key_id: key.public_key for key in self.every_key()}

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise KeyFileError(f"can't create the key folder: {error}", self.folder) from None
        if not self.folder.is_dir():
            raise KeyFileError("is not a folder", self.folder)

    def _write_key(self, key: SigningKey) -> None:
        temporary = self._write_temporary(private_pem(key), mode=0o600)
        try:
            os.link(temporary, self.folder / f"{key.key_id}.pem")
        finally:
            temporary.unlink(missing_ok=True)

    def _write_temporary(self, data: bytes, *, mode: int) -> Path:
        """Write a file under a temporary name, flushed to disk, with ``mode`` from the start."""
        path = self.folder / f".tmp-{secrets.token_hex(8)}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.chmod(path, mode)  # the umask may have taken bits away
        except OSError as error:
            path.unlink(missing_ok=True)
            raise KeyFileError(f"can't write in the key folder: {error}", self.folder) from None
        return path


def _load(path: Path) -> SigningKey:
    """Load one key file, refusing anything that is not exactly what ``KeyRing`` writes."""
    match = _KEY_FILE.fullmatch(path.name)
    if match is None:
        raise KeyFileError(
            "is not named <key id>.pem (16 lower-case hex digits); move it out of the key folder",
            path,
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise KeyFileError(f"can't read the key file: {error.strerror or error}", path) from None
    try:
        private_key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise KeyFileError(
            f"is not a readable unencrypted PEM private key ({error})", path
        ) from None
    if not isinstance(private_key, Ed25519PrivateKey):
        raise KeyFileError("holds a key that is not Ed25519", path)
    key_id = key_id_for(private_key.public_key())
    if key_id != match.group(1):
        raise KeyFileError(
            f"the key inside has id {key_id}, not the {match.group(1)} its name says: "
            "the file was changed or renamed",
            path,
        )
    return SigningKey(key_id, private_key)

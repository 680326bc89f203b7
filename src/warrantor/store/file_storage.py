"""Adapters of the attachment storage port (``services.attachments.storage``), issue #24.

``LocalFolderStorage`` (the default, ``WARRANTOR_ATTACHMENTS_DIR``) keeps each key
as a path under a folder: ``rma/12/x.pdf`` is ``<root>/rma/12/x.pdf``.

``ObjectKeyStorage`` has object-storage key semantics in a folder: the key
space is flat (a ``/`` is a character of the key, not a directory; there is no
empty directory to create or to leave behind), an object is written whole or
not at all, and listing is by prefix. Each object is one file in the folder,
named by the key's hex form. It stands in for a bucket wherever one is wanted
without a server (the contract tests run against both adapters).

Both write through a temporary file and ``os.replace``, so a reader never sees
half a file and a crash leaves the old bytes or none.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

KEY = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}(/[a-z0-9][a-z0-9._-]{0,99})*")
MAX_KEY = 200


class StoredFileMissing(LookupError):
    """No bytes are stored under the key asked for."""


def check_key(key: str) -> str:
    """``key`` if it is one the storage port accepts, else ``ValueError`` (a programming
    error: the use cases make keys, never a person)."""
    if len(key) > MAX_KEY or not KEY.fullmatch(key) or ".." in key:
        raise ValueError(f"not a storage key: {key!r}")
    return key


def _write_whole(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _FileBacked:
    """Bytes kept in files under ``root``; a subclass says which file a key is."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        raise NotImplementedError

    def put(self, key: str, data: bytes) -> None:
        _write_whole(self._path(key), data)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise StoredFileMissing(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class LocalFolderStorage(_FileBacked):
    """Keys as paths under ``root``."""

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def keys(self, prefix: str = "") -> list[str]:
        if not self.root.is_dir():
            return []
        found = (
            path.relative_to(self.root).as_posix()
            for path in self.root.rglob("*")
            if path.is_file() and not path.name.startswith(".incoming-")
        )
        return sorted(key for key in found if key.startswith(prefix))


class ObjectKeyStorage(_FileBacked):
    """A flat key space in one folder, as an object store has (see the module docstring)."""

    def _path(self, key: str) -> Path:
        return self.root / check_key(key).encode().hex()

    def keys(self, prefix: str = "") -> list[str]:
        if not self.root.is_dir():
            return []
        found = (
            bytes.fromhex(path.name).decode()
            for path in self.root.iterdir()
            if path.is_file() and not path.name.startswith(".")
        )
        return sorted(key for key in found if key.startswith(prefix))

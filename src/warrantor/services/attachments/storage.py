"""The storage port: where an attachment's bytes are kept, by key (issue #24).

When and why: the database keeps what an attachment is and who may see it; the
bytes go through this one small port, so the product runs on a local folder
(``store.file_storage.LocalFolderStorage``, the default) and a deployment can
put them in an object store without touching the use cases. The contract tests
(``tests/integration/attachments/test_storage_contract.py``) run against every
adapter, including one with object-storage key semantics.

A key is ``[a-z0-9._-]`` segments joined by ``/`` (e.g. ``rma/12/3f9a...c1.pdf``),
at most 200 characters; the use cases make them, never a person.
"""

from __future__ import annotations

from typing import Protocol

from warrantor.store.file_storage import MAX_KEY, StoredFileMissing, check_key

__all__ = ["MAX_KEY", "AttachmentStorage", "StoredFileMissing", "check_key"]


class AttachmentStorage(Protocol):
    """Keeps bytes by key. Writing a key again replaces its bytes whole; a reader never
    sees half a file."""

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key``."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; ``StoredFileMissing`` if there are none."""
        ...

    def delete(self, key: str) -> None:
        """Forget ``key`` (nothing happens if it is not there)."""
        ...

    def keys(self, prefix: str = "") -> list[str]:
        """The stored keys starting with ``prefix``, sorted."""
        ...

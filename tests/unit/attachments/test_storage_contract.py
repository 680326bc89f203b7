"""The storage port's contract, run against every adapter (issue #24): the local folder
(the default) and the one with object-storage key semantics, each in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from warrantor.services.attachments.storage import AttachmentStorage, StoredFileMissing
from warrantor.store.file_storage import LocalFolderStorage, ObjectKeyStorage

ADAPTERS: dict[str, Callable[[Path], AttachmentStorage]] = {
    "local-folder": LocalFolderStorage,
    "object-keys": ObjectKeyStorage,
}


@pytest.fixture(params=sorted(ADAPTERS))
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AttachmentStorage:
    return ADAPTERS[request.param](tmp_path / "attachments")


def test_what_is_put_is_got_back_byte_for_byte(storage: AttachmentStorage) -> None:
    data = bytes(range(256)) * 10

    storage.put("rma/12/a1.pdf", data)

    assert storage.get("rma/12/a1.pdf") == data


def test_putting_a_key_again_replaces_its_bytes_whole(storage: AttachmentStorage) -> None:
    storage.put("unit/3/b.png", b"first version, longer")
    storage.put("unit/3/b.png", b"second")

    assert storage.get("unit/3/b.png") == b"second"
    assert storage.keys() == ["unit/3/b.png"]


def test_a_missing_key_says_so(storage: AttachmentStorage) -> None:
    with pytest.raises(StoredFileMissing):
        storage.get("rma/1/none.pdf")


def test_delete_forgets_a_key_and_deleting_twice_is_harmless(storage: AttachmentStorage) -> None:
    storage.put("rma/1/x.jpg", b"x")

    storage.delete("rma/1/x.jpg")
    storage.delete("rma/1/x.jpg")

    with pytest.raises(StoredFileMissing):
        storage.get("rma/1/x.jpg")
    assert storage.keys() == []


def test_keys_are_listed_sorted_by_prefix(storage: AttachmentStorage) -> None:
    for key in ("rma/2/b.pdf", "rma/10/a.pdf", "unit/2/c.png", "rma/2/a.pdf"):
        storage.put(key, key.encode())

    assert storage.keys("rma/2/") == ["rma/2/a.pdf", "rma/2/b.pdf"]
    assert storage.keys("rma/") == ["rma/10/a.pdf", "rma/2/a.pdf", "rma/2/b.pdf"]
    assert len(storage.keys()) == 4


@pytest.mark.parametrize(
    "key", ["../outside.pdf", "/etc/passwd", "rma/../../x", "RMA/1/A.pdf", "rma//x", "a\\b", ""]
)
def test_a_key_that_could_leave_the_store_is_refused(storage: AttachmentStorage, key: str) -> None:
    with pytest.raises(ValueError, match="not a storage key"):
        storage.put(key, b"x")
    assert storage.keys() == []


def test_only_the_object_adapter_keeps_a_flat_key_space(tmp_path: Path) -> None:
    objects = ObjectKeyStorage(tmp_path / "bucket")
    objects.put("rma/1/a.pdf", b"a")

    [stored] = list((tmp_path / "bucket").iterdir())
    assert stored.is_file()  # one object, no directory for "rma/1/"
    assert objects.keys("rma/1") == ["rma/1/a.pdf"]

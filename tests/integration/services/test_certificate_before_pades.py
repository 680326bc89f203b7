"""A certificate PDF made by the release before PDFs were signed (issue #18, item 4).

The fixture in ``tests/fixtures/certificates/before_pades/`` was written by
that release (see its PROVENANCE.md): its embedded JSON is signed by a key
whose public half was published (``keys.json``); the PDF itself is not
signed. It must still be recognised as genuine data, never be answered
"valid" on the strength of its page, and be exchanged for a signed PDF.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pdf_tampering import resaved_by_another_tool
from warrantor.certificates import (
    KeyRing,
    SigningKey,
    VerificationStatus,
    import_json,
    public_key_from_jwk,
)
from warrantor.certificates.keys import FolderKeyStore
from warrantor.domain.actors import Actor, Role
from warrantor.errors import Conflict
from warrantor.services.certificates.pdf_reissue import reissue_pdf
from warrantor.services.certificates.revoking import revoke_certificate
from warrantor.services.certificates.verifying import verify_file
from warrantor.services.uow import UnitOfWorkFactory

FIXTURE = Path(__file__).parents[2] / "fixtures" / "certificates" / "before_pades"
OLD_PDF = (FIXTURE / "EW-QNAP-2026-000001.pdf").read_bytes()
OLD_JSON = (FIXTURE / "EW-QNAP-2026-000001.json").read_text(encoding="utf-8")
BASE_URL = "https://warranty.example.com"


class WithPublishedKeys:
    """A key store that also trusts keys known only by their published public half (the
    fixture's private key was a throwaway); everything else is the folder's."""

    def __init__(self, store: FolderKeyStore, published: dict[str, Ed25519PublicKey]) -> None:
        self._store = store
        self._published = published

    @property
    def location(self) -> str:
        return self._store.location

    def active(self) -> SigningKey | None:
        return self._store.active()

    def add_first(self, key: SigningKey) -> SigningKey:
        return self._store.add_first(key)

    def add_active(self, key: SigningKey) -> None:
        self._store.add_active(key)

    def every_key(self) -> list[SigningKey]:
        return self._store.every_key()

    def every_public_key(self) -> dict[str, Ed25519PublicKey]:
        return {**self._published, **self._store.every_public_key()}


@pytest.fixture
def keys(tmp_path: Path) -> KeyRing:
    published = json.loads((FIXTURE / "keys.json").read_text(encoding="utf-8"))["keys"]
    return KeyRing(
        WithPublishedKeys(
            FolderKeyStore(tmp_path / "keys"),
            {jwk["kid"]: public_key_from_jwk(jwk) for jwk in published},
        )
    )


@pytest.fixture
def registered(uow_factory: UnitOfWorkFactory) -> None:
    """The registry of the deployment that issued the fixture: its one certificate."""
    with uow_factory() as uow:
        uow.certificates.add(import_json(OLD_JSON), extension_id=1, document=OLD_JSON)


def test_the_old_pdf_is_still_read_its_data_genuine_but_it_is_an_unsigned_pdf_not_valid(
    uow_factory: UnitOfWorkFactory, keys: KeyRing, registered: None
) -> None:
    result = verify_file(uow_factory, keys, OLD_PDF)
    verdict = result.verification

    assert verdict.status is VerificationStatus.UNSIGNED_PDF
    assert not verdict.is_valid
    assert "the PDF itself is not signed" in verdict.reasons[0]
    assert any("every field matches the registry" in reason for reason in verdict.reasons)
    assert verdict.registered is not None
    assert verdict.registered.certificate == import_json(OLD_JSON)
    assert verdict.registered.certificate.serial == "Q265A55743"


def test_the_old_pdf_with_its_page_edited_is_no_more_valid_than_before(
    uow_factory: UnitOfWorkFactory, keys: KeyRing, registered: None
) -> None:
    edited = resaved_by_another_tool(OLD_PDF, "2029-10-16", "2039-10-16")

    verdict = verify_file(uow_factory, keys, edited).verification

    assert verdict.status is VerificationStatus.UNSIGNED_PDF
    assert verdict.registered is not None
    assert verdict.registered.certificate.ends_on.isoformat() == "2029-10-16"


def test_the_old_pdf_is_exchanged_for_a_signed_one_that_verifies_as_valid(
    uow_factory: UnitOfWorkFactory, keys: KeyRing, registered: None
) -> None:
    old, new_pdf = reissue_pdf(uow_factory, keys, OLD_PDF, base_url=BASE_URL)

    assert old.verification.status is VerificationStatus.UNSIGNED_PDF
    verdict = verify_file(uow_factory, keys, new_pdf).verification
    assert verdict.status is VerificationStatus.VALID, verdict.reasons
    assert "over the whole file" in verdict.reasons[0]
    page = pypdf.PdfReader(io.BytesIO(new_pdf)).pages[0].extract_text()
    assert "Q265A55743" in page and "2028-10-17 to 2029-10-16" in page


def test_a_revoked_old_certificate_gets_no_new_pdf(
    uow_factory: UnitOfWorkFactory, keys: KeyRing, registered: None
) -> None:
    now = import_json(OLD_JSON).issued_at
    revoke_certificate(
        uow_factory,
        Actor(Role.ADMIN, "MAKER", 1),
        "EW-QNAP-2026-000001",
        reason="refunded",
        now=now,
    )

    with pytest.raises(Conflict, match=r"is revoked, so it gets no new PDF: .*refunded"):
        reissue_pdf(uow_factory, keys, OLD_PDF, base_url=BASE_URL)

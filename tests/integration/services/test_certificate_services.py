"""Issuing, reissuing, revoking, verifying and downloading certificates, on both engines.

The sales work calls ``issue_certificate`` after payment; here the request is
built directly, so these tests stand without the sales tables.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
import zxingcpp

from warrantor.certificates import (
    Buyer,
    Certificate,
    KeyRing,
    VerificationStatus,
    export_json,
    render_pdf,
    sign,
    signature_prefix,
    to_document,
)
from warrantor.certificates.errors import CertificateFileError, NoEmbeddedCertificate
from warrantor.certificates.sealing import SealedKeyError
from warrantor.domain.actors import Actor, Role
from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from warrantor.services.certificates.downloads import certificate_pdf, get_certificate
from warrantor.services.certificates.issuing import (
    CertificateRequest,
    issue_certificate,
    reissue_certificate,
)
from warrantor.services.certificates.key_ring import database_key_ring
from warrantor.services.certificates.revoking import revoke_certificate
from warrantor.services.certificates.verifying import verify_file, verify_link
from warrantor.services.clock import SystemClock
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BASE_URL = "https://warranty.example.com"
ADMIN = Actor(Role.ADMIN, "MAKER", user_id=1)
AGENT = Actor(Role.AGENT, "MAKER", user_id=2)


def request(**changes: Any) -> CertificateRequest:
    values: dict[str, Any] = {
        "extension_id": 11,
        "brand": "QNAP",
        "model": "TS-453 Pro",
        "serial": "Q203I12345",
        "extension_years": 2,
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2028, 12, 31),
        "buyer": Buyer("D-0042", "Northwind Storage Ltd"),
    }
    values.update(changes)
    return CertificateRequest(**values)


def issue(uow_factory: UnitOfWorkFactory, keys: KeyRing, **changes: Any) -> Certificate:
    with uow_factory() as uow:
        return issue_certificate(uow, keys, request(**changes), NOW)


@pytest.fixture
def keys(tmp_path: Path) -> KeyRing:
    return KeyRing(tmp_path / "keys")


def json_bytes(certificate: Certificate) -> bytes:
    return export_json(certificate).encode()


class TestIssuing:
    def test_the_first_certificate_makes_the_signing_key_and_is_registered_as_signed(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        assert keys.active_key() is None

        certificate = issue(uow_factory, keys)

        active = keys.active_key()
        assert active is not None and certificate.key_id == active.key_id
        assert certificate.number == "EW-QNAP-2026-000001"
        assert certificate.issued_at == NOW
        with uow_factory() as uow:
            issued = uow.certificates.get(certificate.number)
        assert issued is not None
        assert issued.certificate == certificate
        assert json.loads(issued.document) == to_document(certificate)
        assert verify_file(uow_factory, keys, json_bytes(certificate)).verification.is_valid

    def test_a_request_that_cant_be_a_certificate_names_the_field_and_writes_nothing(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        with pytest.raises(InvalidInput) as raised:
            issue(uow_factory, keys, model=" ", ends_on=date(2026, 1, 1))

        assert {p.field for p in raised.value.problems} == {"model", "ends_on"}
        with uow_factory() as uow:
            assert uow.certificates.for_unit("QNAP", "Q203I12345") == []
        assert issue(uow_factory, keys).number == "EW-QNAP-2026-000001"

    def test_a_failure_later_in_the_callers_unit_of_work_leaves_no_certificate(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        with pytest.raises(RuntimeError), uow_factory() as uow:
            issue_certificate(uow, keys, request(), NOW)
            raise RuntimeError("payment could not be recorded")

        with uow_factory() as uow:
            assert uow.certificates.lookup("EW-QNAP-2026-000001") is None


class TestReissuing:
    def test_a_reissue_moves_the_proof_to_the_new_serial_and_revokes_the_old(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        old = issue(uow_factory, keys)
        later = NOW + timedelta(days=30)

        with uow_factory() as uow:
            new = reissue_certificate(
                uow,
                keys,
                old.number,
                serial="q999replacement",
                model="TS-464",
                now=later,
                actor=ADMIN,
                reason="unit replaced under RMA R-7",
            )

        assert (new.serial, new.model, new.replaces) == ("Q999REPLACEMENT", "TS-464", old.number)
        assert (new.starts_on, new.ends_on, new.buyer) == (old.starts_on, old.ends_on, old.buyer)
        assert new.number == "EW-QNAP-2026-000002"
        old_check = verify_file(uow_factory, keys, json_bytes(old)).verification
        assert old_check.status is VerificationStatus.REVOKED
        assert old_check.revoked_reason == f"reissued as {new.number}: unit replaced under RMA R-7"
        assert verify_file(uow_factory, keys, json_bytes(new)).verification.is_valid
        with uow_factory() as uow:
            assert [i.certificate.number for i in uow.certificates.for_extension(11)] == [
                old.number,
                new.number,
            ]

    def test_a_revoked_or_unknown_certificate_cant_be_reissued(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        old = issue(uow_factory, keys)
        revoke_certificate(uow_factory, ADMIN, old.number, reason="refunded", now=NOW)

        with pytest.raises(Conflict, match="refunded"), uow_factory() as uow:
            reissue_certificate(
                uow, keys, old.number, serial="Q2", model="M", now=NOW, reason="x", actor=ADMIN
            )
        with pytest.raises(NotFound, match="EW-NONE-1"), uow_factory() as uow:
            reissue_certificate(
                uow, keys, "EW-NONE-1", serial="Q2", model="M", now=NOW, reason="x", actor=ADMIN
            )


class TestRevoking:
    def test_an_admin_revokes_with_a_reason_and_verification_says_so(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        certificate = issue(uow_factory, keys)

        revoked = revoke_certificate(
            uow_factory, ADMIN, f" {certificate.number} ", reason="  sold in error ", now=NOW
        )

        assert (revoked.revoked_at, revoked.revoked_reason) == (NOW, "sold in error")
        answer = verify_file(uow_factory, keys, json_bytes(certificate)).verification
        assert answer.status is VerificationStatus.REVOKED
        assert any("sold in error" in reason for reason in answer.reasons)

    def test_only_an_admin_may_revoke_and_only_once_and_only_with_a_reason(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        number = issue(uow_factory, keys).number

        with pytest.raises(PermissionDenied):
            revoke_certificate(uow_factory, AGENT, number, reason="x", now=NOW)
        with pytest.raises(InvalidInput) as raised:
            revoke_certificate(uow_factory, ADMIN, number, reason="   ", now=NOW)
        assert raised.value.problems[0].field == "reason"
        with pytest.raises(NotFound):
            revoke_certificate(uow_factory, ADMIN, "EW-NONE-1", reason="x", now=NOW)
        revoke_certificate(uow_factory, ADMIN, number, reason="refunded", now=NOW)
        with pytest.raises(Conflict, match="already revoked"):
            revoke_certificate(uow_factory, ADMIN, number, reason="twice", now=NOW)


SIGNED_CHANGES: dict[str, Any] = {
    "number": ("number", "EW-QNAP-2026-000002"),
    "brand": ("brand", "Netac"),
    "model": ("model", "TS-873A"),
    "serial": ("serial", "Q203I99999"),
    "extension_years": ("extension_years", 3),
    "starts_on": ("starts_on", "2026-12-01"),
    "ends_on": ("ends_on", "2029-12-31"),
    "buyer.account_code": ("buyer", {"account_code": "D-0001", "name": "Northwind Storage Ltd"}),
    "buyer.name": ("buyer", {"account_code": "D-0042", "name": "Someone Else"}),
    "issued_at": ("issued_at", "2026-11-22T12:00:00Z"),
    "replaces": ("replaces", "EW-QNAP-2025-000001"),
}


class TestVerifyingAFile:
    @pytest.mark.parametrize("field", sorted(SIGNED_CHANGES))
    def test_a_certificate_with_any_one_field_changed_is_forged(
        self, field: str, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        certificate = issue(uow_factory, keys)
        issue(uow_factory, keys, serial="Q203I99999")  # makes ...000002 a real number too
        document = to_document(certificate)
        member, value = SIGNED_CHANGES[field]
        document[member] = value

        answer = verify_file(uow_factory, keys, json.dumps(document).encode()).verification

        assert answer.status is VerificationStatus.FORGED
        assert any("signature does not verify" in reason for reason in answer.reasons)
        if field != "number":
            assert field in answer.differing_fields

    def test_a_pdf_signed_by_an_unknown_key_with_a_real_number_is_forged(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing, tmp_path: Path
    ) -> None:
        real = issue(uow_factory, keys)
        forger = KeyRing(tmp_path / "forger")
        fake = sign(replace(real.unsigned(), serial="STOLEN1"), forger)

        pdf = render_pdf(fake, BASE_URL, forger.ensure_active_key())
        answer = verify_file(uow_factory, keys, pdf).verification

        assert answer.status is VerificationStatus.FORGED
        assert any("the PDF is signed by" in reason for reason in answer.reasons)
        assert any("signed with key" in reason for reason in answer.reasons)
        assert answer.differing_fields == ("serial", "key_id")
        assert answer.registered is None  # a forger learns nothing of the real certificate

    def test_a_validly_signed_certificate_the_registry_never_recorded_is_unknown(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        real = issue(uow_factory, keys)
        unrecorded = sign(replace(real.unsigned(), number="EW-QNAP-2026-000077"), keys)

        answer = verify_file(uow_factory, keys, json_bytes(unrecorded)).verification

        assert answer.status is VerificationStatus.UNKNOWN

    def test_the_genuine_pdf_verifies(self, uow_factory: UnitOfWorkFactory, keys: KeyRing) -> None:
        certificate = issue(uow_factory, keys)

        pdf = render_pdf(certificate, BASE_URL, keys.ensure_active_key())
        result = verify_file(uow_factory, keys, pdf)

        assert result.verification.status is VerificationStatus.VALID
        assert result.certificate == certificate
        assert result.verification.registered is not None
        assert result.verification.registered.certificate == certificate

    def test_a_host_without_the_master_secret_still_verifies_a_signed_pdf(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        signing = database_key_ring(
            uow_factory, "a-master-secret-of-at-least-32-characters", SystemClock()
        )
        certificate = issue(uow_factory, signing)
        pdf = render_pdf(certificate, BASE_URL, signing.ensure_active_key())
        verify_only = database_key_ring(uow_factory, None, SystemClock())

        with pytest.raises(SealedKeyError):
            verify_only.all_keys()  # it can't read a private key, so it can't sign
        answer = verify_file(uow_factory, verify_only, pdf).verification

        assert answer.status is VerificationStatus.VALID, answer.reasons
        assert "over the whole file" in answer.reasons[0]

    def test_certificates_signed_before_a_key_rotation_still_verify(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        before = issue(uow_factory, keys)
        keys.rotate()
        after = issue(uow_factory, keys, serial="Q2")

        assert before.key_id != after.key_id
        for certificate in (before, after):
            answer = verify_file(uow_factory, keys, json_bytes(certificate)).verification
            assert answer.is_valid, answer.reasons

    @pytest.mark.parametrize(
        ("data", "error", "says"),
        [
            (b"PK\x03\x04 a zip file", CertificateFileError, "neither"),
            (b'{"format": "warrantor-certificate/1", "number": ', CertificateFileError, "not JSON"),
            (b"", CertificateFileError, "empty"),
        ],
    )
    def test_a_file_that_is_not_a_certificate_is_refused_saying_why(
        self,
        data: bytes,
        error: type[Exception],
        says: str,
        uow_factory: UnitOfWorkFactory,
        keys: KeyRing,
    ) -> None:
        with pytest.raises(error, match=says):
            verify_file(uow_factory, keys, data)

    def test_a_pdf_without_the_embedded_certificate_is_refused(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        writer = pypdf.PdfWriter()
        writer.add_blank_page(width=595, height=842)
        out = io.BytesIO()
        writer.write(out)

        with pytest.raises(NoEmbeddedCertificate, match="original PDF or the JSON"):
            verify_file(uow_factory, keys, out.getvalue())


class TestVerifyingALink:
    def test_a_link_with_the_right_signature_prefix_shows_the_certificate(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        certificate = issue(uow_factory, keys)

        answer = verify_link(uow_factory, certificate.number, signature_prefix(certificate))

        assert answer.status is VerificationStatus.VALID
        assert answer.certificate == certificate

    def test_a_bare_number_says_only_whether_it_is_in_force(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        certificate = issue(uow_factory, keys)

        answer = verify_link(uow_factory, certificate.number)

        assert answer.status is VerificationStatus.VALID
        assert answer.certificate is None
        assert not any(certificate.serial in reason for reason in answer.reasons)

    def test_a_link_with_another_signature_is_forged_and_shows_nothing(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        certificate = issue(uow_factory, keys)
        other = issue(uow_factory, keys, serial="Q2")

        answer = verify_link(uow_factory, certificate.number, signature_prefix(other))

        assert answer.status is VerificationStatus.FORGED
        assert answer.certificate is None
        assert not any(certificate.serial in reason for reason in answer.reasons)

    def test_a_number_never_issued_is_unknown_and_a_revoked_one_revoked(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        certificate = issue(uow_factory, keys)
        revoke_certificate(uow_factory, ADMIN, certificate.number, reason="refunded", now=NOW)

        unknown = verify_link(uow_factory, "EW-QNAP-2026-000999")
        revoked = verify_link(uow_factory, certificate.number, signature_prefix(certificate))

        assert unknown.status is VerificationStatus.UNKNOWN
        assert revoked.status is VerificationStatus.REVOKED
        assert revoked.revoked_reason == "refunded"

    @pytest.mark.parametrize("sig", ["short", "has spaces in it!!", "x" * 90])
    def test_a_damaged_signature_prefix_is_refused_naming_sig(
        self, sig: str, uow_factory: UnitOfWorkFactory
    ) -> None:
        with pytest.raises(InvalidInput) as raised:
            verify_link(uow_factory, "EW-QNAP-2026-000001", sig)

        assert raised.value.problems[0].field == "sig"


class TestDownloading:
    @pytest.fixture
    def certificate(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing, add_units: Any
    ) -> Certificate:
        with uow_factory() as uow:
            for code in ("D-0042", "C-OWNER", "C-OTHER"):
                uow.accounts.upsert(Account(code, code, "customer"), NOW)
        summary = add_units(
            [{"brand": "QNAP", "serial": "Q203I12345", "model": "TS-453 Pro", "owner": "C-OWNER"}]
        )
        assert summary.inserted == 1
        return issue(uow_factory, keys)

    @pytest.mark.parametrize(
        "actor",
        [
            Actor(Role.DISTRIBUTOR, "D-0042", 5),
            Actor(Role.CUSTOMER, "C-OWNER", 6),
            AGENT,
            Actor(Role.TECHNICIAN, "MAKER", 7),
        ],
        ids=["buyer", "owner", "agent", "technician"],
    )
    def test_the_buyer_the_owner_and_staff_may_download(
        self, actor: Actor, certificate: Certificate, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        issued, pdf = certificate_pdf(
            uow_factory, keys, actor, certificate.number, base_url=BASE_URL
        )

        assert issued.certificate == certificate
        page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
        assert certificate.serial in page.extract_text()
        codes = [c.text for image in page.images for c in zxingcpp.read_barcodes(image.image)]
        assert codes == [
            f"{BASE_URL}/certificates/{certificate.number}/verify?sig={signature_prefix(certificate)}"
        ]

    @pytest.mark.parametrize(
        "actor",
        [Actor(Role.CUSTOMER, "C-OTHER", 8), Actor(Role.DEALER, None, 9)],
        ids=["another customer", "no account"],
    )
    def test_anyone_else_is_told_it_does_not_exist(
        self, actor: Actor, certificate: Certificate, uow_factory: UnitOfWorkFactory
    ) -> None:
        with pytest.raises(NotFound) as raised:
            get_certificate(uow_factory, actor, certificate.number)

        assert str(raised.value) == f"no certificate numbered {certificate.number}"

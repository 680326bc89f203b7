"""The certificate registry in the database: numbering, recording, lookup, revocation.

Runs on SQLite and PostgreSQL. The numbering test with threads commits for
real on its own database, since concurrent issuers are separate transactions.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from warrantor.certificates import Buyer, Certificate, KeyRing, UnsignedCertificate, sign
from warrantor.certificates.documents import export_json
from warrantor.services.uow import UnitOfWorkFactory, uow_factory_for
from warrantor.store.certificates import number_prefix
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def signed(
    keys: KeyRing, number: str, serial: str = "Q203I12345", buyer: str = "D-0042"
) -> Certificate:
    return sign(
        UnsignedCertificate(
            number=number,
            brand="QNAP",
            model="TS-453D",
            serial=serial,
            extension_years=2,
            starts_on=date(2027, 1, 1),
            ends_on=date(2028, 12, 31),
            buyer=Buyer(buyer, "Northwind Storage Ltd"),
            issued_at=NOW,
        ),
        keys,
    )


def record(uow_factory: UnitOfWorkFactory, certificate: Certificate, extension_id: int = 7) -> None:
    with uow_factory() as uow:
        uow.certificates.add(
            certificate, extension_id=extension_id, document=export_json(certificate)
        )


@pytest.fixture
def keys(tmp_path: Path) -> KeyRing:
    return KeyRing(tmp_path / "keys")


class TestNumbering:
    def test_numbers_count_up_per_brand_and_year_and_read_as_ew_brand_year_sequence(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            taken = [
                uow.certificates.next_number("QNAP", 2026),
                uow.certificates.next_number("QNAP", 2026),
                uow.certificates.next_number("Netac", 2026),
                uow.certificates.next_number("QNAP", 2027),
                uow.certificates.next_number("QNAP", 2026),
            ]

        assert taken == [
            "EW-QNAP-2026-000001",
            "EW-QNAP-2026-000002",
            "EW-NETAC-2026-000001",
            "EW-QNAP-2027-000001",
            "EW-QNAP-2026-000003",
        ]

    def test_a_brand_name_with_spaces_or_signs_becomes_letters_and_digits(self) -> None:
        assert number_prefix("Western Digital", 2026) == "EW-WESTERNDIGITAL-2026"
        assert number_prefix("Å.B.C (EU)", 2031) == "EW-BCEU-2031"
        assert number_prefix("---", 2026) == "EW-X-2026"

    def test_concurrent_issuers_never_get_the_same_number(self, empty_database_url: str) -> None:
        upgrade(empty_database_url)
        engine: Engine = create_db_engine(empty_database_url, pool_size=8)
        factory = uow_factory_for(engine)
        workers, each = 6, 8
        start = threading.Barrier(workers)
        taken: list[str] = []
        errors: list[BaseException] = []
        lock = threading.Lock()

        def issue_numbers() -> None:
            try:
                start.wait()
                for _ in range(each):
                    with factory() as uow:
                        number = uow.certificates.next_number("QNAP", 2026)
                    with lock:
                        taken.append(number)
            except BaseException as error:  # reported below, with the others
                errors.append(error)

        threads = [threading.Thread(target=issue_numbers) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        engine.dispose()

        assert errors == []
        assert sorted(taken) == [f"EW-QNAP-2026-{n:06d}" for n in range(1, workers * each + 1)]

    def test_a_rolled_back_issue_gives_its_number_back(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with pytest.raises(RuntimeError), uow_factory() as uow:
            uow.certificates.next_number("QNAP", 2026)
            raise RuntimeError("the sale failed after numbering")

        with uow_factory() as uow:
            assert uow.certificates.next_number("QNAP", 2026) == "EW-QNAP-2026-000001"


class TestRecording:
    def test_a_recorded_certificate_reads_back_field_for_field_with_its_document(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        certificate = signed(keys, "EW-QNAP-2026-000001")
        record(uow_factory, certificate, extension_id=41)

        with uow_factory() as uow:
            issued = uow.certificates.get("EW-QNAP-2026-000001")
            looked_up = uow.certificates.lookup("EW-QNAP-2026-000001")

        assert issued is not None and looked_up is not None
        assert issued.certificate == certificate
        assert issued.certificate.signature == certificate.signature
        assert issued.extension_id == 41
        assert issued.document == export_json(certificate)
        assert looked_up.certificate == certificate
        assert not looked_up.revoked

    def test_a_number_never_issued_is_not_in_the_registry(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            assert uow.certificates.lookup("EW-QNAP-2026-999999") is None

    def test_a_number_is_recorded_once(self, uow_factory: UnitOfWorkFactory, keys: KeyRing) -> None:
        record(uow_factory, signed(keys, "EW-QNAP-2026-000001"))

        with pytest.raises(IntegrityError, match=r"(?i)unique|duplicate"):
            record(uow_factory, signed(keys, "EW-QNAP-2026-000001", serial="OTHER"))

    def test_certificates_are_listed_by_unit_by_buyer_and_by_extension(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        record(uow_factory, signed(keys, "EW-QNAP-2026-000001"), extension_id=1)
        record(uow_factory, signed(keys, "EW-QNAP-2026-000002", serial="Q2"), extension_id=2)
        record(
            uow_factory,
            signed(keys, "EW-QNAP-2026-000003", buyer="D-0099"),
            extension_id=1,
        )

        with uow_factory() as uow:
            for_unit = [
                i.certificate.number for i in uow.certificates.for_unit("QNAP", "Q203I12345")
            ]
            for_buyer = [i.certificate.number for i in uow.certificates.for_buyer("D-0042")]
            for_extension = [i.certificate.number for i in uow.certificates.for_extension(1)]

        assert for_unit == ["EW-QNAP-2026-000001", "EW-QNAP-2026-000003"]
        assert for_buyer == ["EW-QNAP-2026-000002", "EW-QNAP-2026-000001"]
        assert for_extension == ["EW-QNAP-2026-000001", "EW-QNAP-2026-000003"]


class TestRevocation:
    def test_a_revoked_certificate_stays_with_when_and_why(
        self, uow_factory: UnitOfWorkFactory, keys: KeyRing
    ) -> None:
        certificate = signed(keys, "EW-QNAP-2026-000001")
        record(uow_factory, certificate)
        later = NOW + timedelta(days=3)

        with uow_factory() as uow:
            first = uow.certificates.revoke(certificate.number, at=later, reason="refunded")
            second = uow.certificates.revoke(certificate.number, at=later, reason="again")
            looked_up = uow.certificates.lookup(certificate.number)

        assert (first, second) == (True, False)
        assert looked_up is not None
        assert looked_up.certificate == certificate
        assert (looked_up.revoked_at, looked_up.revoked_reason) == (later, "refunded")

    def test_revoking_a_number_never_issued_changes_nothing(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            assert not uow.certificates.revoke("EW-NONE-1", at=NOW, reason="x")


def test_the_registry_record_is_what_the_library_compares_with(
    uow_factory: UnitOfWorkFactory, keys: KeyRing
) -> None:
    from warrantor.certificates import VerificationStatus, verify

    certificate = signed(keys, "EW-QNAP-2026-000001")
    record(uow_factory, certificate)
    edited = replace(certificate, serial="Q000000000")

    with uow_factory() as uow:
        genuine = verify(certificate, keys.verification_keys(), uow.certificates)
        forged = verify(edited, keys.verification_keys(), uow.certificates)

    assert genuine.status is VerificationStatus.VALID
    assert forged.status is VerificationStatus.FORGED
    assert "serial" in forged.differing_fields

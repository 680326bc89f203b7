"""`warrantor certificate ...` through the real command, on a real database.

The CLI opens its own engine from WARRANTOR_DATABASE_URL and its key ring in
that database (sealed with WARRANTOR_KEYS_MASTER_SECRET), so each test gets a
fresh database and ring; the certificates are issued through the service, on
the same ring, as the sales work does.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from typer.testing import CliRunner, Result

from pdf_tampering import edit_page_text
from warrantor.certificates import (
    Buyer,
    Certificate,
    KeyRing,
    export_json,
    render_unsigned_pdf,
    signature_prefix,
    to_document,
)
from warrantor.cli.main import app
from warrantor.services.certificates.issuing import CertificateRequest, issue_certificate
from warrantor.services.certificates.key_ring import database_key_ring
from warrantor.services.clock import SystemClock
from warrantor.services.uow import UnitOfWorkFactory, uow_factory_for
from warrantor.store.engine import create_db_engine

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BASE_URL = "https://warranty.example.com"
MASTER_SECRET = "test-master-secret-of-at-least-32-characters"


class Setup:
    def __init__(self, runner: CliRunner, factory: UnitOfWorkFactory, keys: KeyRing) -> None:
        self.runner = runner
        self.factory = factory
        self.keys = keys

    def run(self, *args: str) -> Result:
        return self.runner.invoke(app, ["certificate", *args])

    def issue(self, serial: str = "Q203I12345") -> Certificate:
        request = CertificateRequest(
            extension_id=5,
            brand="QNAP",
            model="TS-453 Pro",
            serial=serial,
            extension_years=2,
            starts_on=date(2027, 1, 1),
            ends_on=date(2028, 12, 31),
            buyer=Buyer("D-0042", "Northwind Storage Ltd"),
        )
        with self.factory() as uow:
            return issue_certificate(uow, self.keys, request, NOW)


@pytest.fixture
def cli(empty_database_url: str, tmp_path: Path) -> Iterator[Setup]:
    runner = CliRunner(
        env={
            "WARRANTOR_DATABASE_URL": empty_database_url,
            "WARRANTOR_KEYS_DIR": str(tmp_path / "keys"),
            "WARRANTOR_KEYS_MASTER_SECRET": MASTER_SECRET,
            "WARRANTOR_PUBLIC_BASE_URL": BASE_URL,
        }
    )
    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    engine = create_db_engine(empty_database_url)
    try:
        factory = uow_factory_for(engine)
        yield Setup(runner, factory, database_key_ring(factory, MASTER_SECRET, SystemClock()))
    finally:
        engine.dispose()


def test_verify_says_valid_and_exits_0_for_the_exported_pdf_and_json(
    cli: Setup, tmp_path: Path
) -> None:
    certificate = cli.issue()
    pdf, document = tmp_path / "c.pdf", tmp_path / "c.json"

    exported = cli.run("export", certificate.number, "--pdf", str(pdf), "--json", str(document))

    assert exported.exit_code == 0, exported.output
    assert document.read_text(encoding="utf-8") == export_json(certificate)
    page = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0]
    assert "Q203I12345" in page.extract_text()
    assert [c.text for image in page.images for c in zxingcpp.read_barcodes(image.image)] == [
        f"{BASE_URL}/certificates/{certificate.number}/verify?sig={signature_prefix(certificate)}"
    ]
    for file in (pdf, document):
        result = cli.run("verify", str(file))
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"VALID: certificate {certificate.number}")
        assert "2027-01-01 to 2028-12-31" in result.output


def test_verify_exits_1_for_a_changed_date_naming_the_field(cli: Setup, tmp_path: Path) -> None:
    document = to_document(cli.issue())
    document["ends_on"] = "2030-12-31"
    file = tmp_path / "edited.json"
    file.write_text(json.dumps(document), encoding="utf-8")

    result = cli.run("verify", str(file), "--json")

    assert result.exit_code == 1
    verdict = json.loads(result.output)
    assert (verdict["status"], verdict["differing_fields"]) == ("forged", ["ends_on"])


def test_verify_exits_1_for_a_revoked_certificate_with_the_reason(
    cli: Setup, tmp_path: Path
) -> None:
    certificate = cli.issue()
    file = tmp_path / "c.json"
    file.write_text(export_json(certificate), encoding="utf-8")

    revoked = cli.run("revoke", certificate.number, "--reason", "refunded")
    result = cli.run("verify", str(file))

    assert revoked.exit_code == 0, revoked.output
    assert result.exit_code == 1
    assert result.output.startswith("REVOKED")
    assert "refunded" in result.output
    again = cli.run("revoke", certificate.number, "--reason", "twice")
    assert again.exit_code == 2
    assert "already revoked" in again.output


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"hello, not a certificate", "neither a certificate JSON document nor a certificate PDF"),
        (b'{"format": "warrantor-certificate/1", ', "not JSON"),
        (b'{"format": "warrantor-certificate/1", "number": 5}', "'number': must be a string"),
    ],
    ids=["not a certificate", "malformed JSON", "wrong member"],
)
def test_verify_exits_2_for_a_file_that_is_not_a_certificate_saying_why(
    content: bytes, says: str, cli: Setup, tmp_path: Path
) -> None:
    file = tmp_path / "thing.bin"
    file.write_bytes(content)

    result = cli.run("verify", str(file))

    assert result.exit_code == 2
    assert says in result.output


def test_verify_exits_2_for_a_missing_file(cli: Setup, tmp_path: Path) -> None:
    result = cli.run("verify", str(tmp_path / "nowhere.pdf"))

    assert result.exit_code == 2
    assert "nowhere.pdf" in result.output


def test_show_prints_the_certificate_and_its_status(cli: Setup) -> None:
    certificate = cli.issue()

    shown = cli.run("show", certificate.number)
    as_json = cli.run("show", certificate.number, "--json")
    missing = cli.run("show", "EW-QNAP-2026-999999")

    assert shown.exit_code == 0, shown.output
    assert "Northwind Storage Ltd (account D-0042)" in shown.output
    assert "in force" in shown.output
    assert json.loads(as_json.output) == to_document(certificate)
    assert missing.exit_code == 2
    assert "no certificate numbered EW-QNAP-2026-999999" in missing.output


def test_export_json_to_standard_output_prints_the_signed_document_only(cli: Setup) -> None:
    certificate = cli.issue()

    result = cli.run("export", certificate.number, "--json", "-")

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == export_json(certificate).strip()


def test_export_needs_a_destination(cli: Setup) -> None:
    result = cli.run("export", cli.issue().number)

    assert result.exit_code == 2
    assert "--pdf PATH, --json PATH" in result.output


def test_after_keys_rotate_old_and_new_certificates_verify_and_both_keys_are_listed(
    cli: Setup, tmp_path: Path
) -> None:
    before = cli.issue()
    rotated = cli.run("keys", "rotate")
    after = cli.issue(serial="Q2")

    assert rotated.exit_code == 0, rotated.output
    assert f"was {before.key_id}, kept for verification" in rotated.output
    assert after.key_id != before.key_id
    listed = cli.run("keys", "list")
    assert f"{after.key_id}  (active)" in listed.output
    assert before.key_id in listed.output
    published = json.loads(cli.run("keys", "list", "--json").output)
    assert {jwk["kid"] for jwk in published["keys"]} == {before.key_id, after.key_id}
    for certificate in (before, after):
        file = tmp_path / f"{certificate.number}.json"
        file.write_text(export_json(certificate), encoding="utf-8")
        assert cli.run("verify", str(file)).exit_code == 0
    forged = replace(before, serial="Q3")
    file = tmp_path / "forged.json"
    file.write_text(export_json(forged), encoding="utf-8")
    assert cli.run("verify", str(file)).exit_code == 1


def test_keys_list_before_any_certificate_says_there_are_none(cli: Setup) -> None:
    result = cli.run("keys", "list")

    assert result.exit_code == 0
    assert "no keys yet" in result.output


def test_verify_of_a_pdf_whose_printed_serial_was_edited_exits_1_showing_the_registry(
    cli: Setup, tmp_path: Path
) -> None:
    certificate = cli.issue()
    pdf = tmp_path / "c.pdf"
    assert cli.run("export", certificate.number, "--pdf", str(pdf)).exit_code == 0
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(edit_page_text(pdf.read_bytes(), "Q203I12345", "Q203I99999"))

    result = cli.run("verify", str(edited))

    assert result.exit_code == 1
    assert result.output.startswith(f"FORGED: certificate {certificate.number}")
    assert "the page's content (what is printed)" in result.output
    registered = result.output.split("as registered (a copy must say exactly this):")[1]
    assert "Q203I12345" in registered and "Q203I99999" not in registered
    assert "state      in force" in registered


def test_an_unsigned_pdf_exits_1_and_reissue_pdf_gives_a_signed_one_that_verifies(
    cli: Setup, tmp_path: Path
) -> None:
    certificate = cli.issue()
    old, new = tmp_path / "old.pdf", tmp_path / "new.pdf"
    old.write_bytes(render_unsigned_pdf(certificate, BASE_URL))

    before = cli.run("verify", str(old), "--json")
    reissued = cli.run("reissue-pdf", str(old), "--out", str(new))
    after = cli.run("verify", str(new))

    assert before.exit_code == 1
    verdict = json.loads(before.output)
    assert verdict["status"] == "unsigned_pdf"
    assert verdict["registered"]["serial"] == "Q203I12345"
    assert verdict["registered"]["state"] == "in force"
    assert reissued.exit_code == 0, reissued.output
    assert f"certificate {certificate.number}, signed PDF" in reissued.output
    assert after.exit_code == 0, after.output
    assert after.output.startswith("VALID")


def test_reissue_pdf_refuses_a_forged_certificate_and_writes_nothing(
    cli: Setup, tmp_path: Path
) -> None:
    forged = replace(cli.issue(), serial="Q999")
    file, out = tmp_path / "forged.json", tmp_path / "new.pdf"
    file.write_text(export_json(forged), encoding="utf-8")

    result = cli.run("reissue-pdf", str(file), "--out", str(out))

    assert result.exit_code == 2
    assert "is forged, so it gets no new PDF" in result.output
    assert not out.exists()


def test_keys_list_publishes_each_keys_x509_certificate_as_pem_and_in_the_jwks(
    cli: Setup,
) -> None:
    first = cli.issue().key_id
    assert cli.run("keys", "rotate").exit_code == 0

    pem = cli.run("keys", "list", "--pem")
    jwks = json.loads(cli.run("keys", "list", "--json").output)["keys"]

    assert pem.exit_code == 0, pem.output
    certificates = x509.load_pem_x509_certificates(pem.output.encode())
    assert len(certificates) == 2
    assert first in certificates[0].subject.rfc4514_string()
    for jwk, certificate in zip(jwks, certificates, strict=True):
        [x5c] = jwk["x5c"]
        assert base64.b64decode(x5c) == certificate.public_bytes(serialization.Encoding.DER)

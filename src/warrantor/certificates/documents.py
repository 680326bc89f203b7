"""A certificate as a file: the JSON document, and reading a JSON or PDF file back.

The JSON document is the signed payload (``model.signed_payload``) plus the
signature, pretty-printed::

    {
      "brand": "QNAP",
      "buyer": {"account_code": "D-0042", "name": "Northwind Storage Ltd"},
      "ends_on": "2028-12-31",
      "extension_years": 2,
      "format": "warrantor-certificate/1",
      "issued_at": "2025-03-01T09:30:00Z",
      "key_id": "701401ad75052fd3",
      "model": "TS-453D",
      "number": "EW-2025-000123",
      "replaces": null,
      "serial": "Q203I12345",
      "signature": "<64 bytes, standard base64>",
      "starts_on": "2027-01-01"
    }

Dates are ISO ``YYYY-MM-DD`` (both inclusive), ``issued_at`` is UTC with a
``Z``, ``replaces`` is a certificate number or null. Every member is
required, no other member is accepted (what is not signed is not read), and
no member may appear twice.

``read_certificate_file`` takes what a customer hands in (the JSON, or a PDF
made by ``pdf.render_pdf``, which carries the JSON as the attachment
``certificate.json``) and returns the ``Certificate`` it holds, not yet
verified. pypdf reads the PDF, so a copy another tool re-saved (object
streams, cross-reference streams, indirect lengths) reads back too; whether
the PDF is still the one that was signed is ``presented.read_presented_file``'s
question (a re-saved copy is not).
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from warrantor.certificates.errors import (
    CertificateFileError,
    CorruptPdf,
    DuplicateMember,
    NoEmbeddedCertificate,
    NotACertificate,
)
from warrantor.certificates.model import FORMAT, Buyer, Certificate, signed_payload
from warrantor.errors import N_, InvalidInput, Problem, Said

MAX_FILE_BYTES = 5_000_000
"""Largest file read as a certificate; a certificate PDF is a few kilobytes."""

ATTACHMENT_NAME = "certificate.json"
"""The file a certificate PDF carries its signed JSON in."""

MAX_EMBEDDED_BYTES = 1_000_000
"""Largest attachment read as a certificate; a certificate is a few hundred bytes."""

_TOP_FIELDS = frozenset(
    {
        "format",
        "number",
        "brand",
        "model",
        "serial",
        "extension_years",
        "starts_on",
        "ends_on",
        "buyer",
        "issued_at",
        "replaces",
        "key_id",
        "signature",
    }
)
_BUYER_FIELDS = frozenset({"account_code", "name"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def to_document(certificate: Certificate) -> dict[str, Any]:
    """The JSON document as a dict (see the module docstring for the shape)."""
    document = signed_payload(certificate, certificate.key_id)
    document["signature"] = base64.b64encode(certificate.signature).decode("ascii")
    return document


def export_json(certificate: Certificate) -> str:
    """The JSON document as text: sorted keys, indented, UTF-8 safe, ending in a newline."""
    return json.dumps(to_document(certificate), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


TOO_DEEP_OR_LONG = N_(
    "JSON, but not a certificate: nested too deep or holding a number far too long to read"
)


def import_json(text: str | bytes) -> Certificate:
    """A certificate from its JSON document.

    Raises ``NotACertificate`` when the text is not JSON or not a certificate
    document, and ``InvalidInput`` naming each bad member otherwise.
    """
    try:
        document = json.loads(text, object_pairs_hook=_refusing_duplicates)
    except UnicodeDecodeError:
        raise NotACertificate(
            N_("the file is not text (UTF-8), so not a certificate JSON")
        ) from None
    except json.JSONDecodeError as error:
        where = N_("not JSON (line %(line)s, column %(column)s: %(why)s)")
        raise NotACertificate(
            Said(where, line=error.lineno, column=error.colno, why=error.msg)
        ) from None
    except (RecursionError, ValueError):  # nested too deep, or a number of 4,300+ digits
        raise NotACertificate(TOO_DEEP_OR_LONG) from None
    return from_document(document)


def from_document(document: object) -> Certificate:
    """A certificate from an already parsed JSON document; see ``import_json``."""
    if not isinstance(document, dict) or "format" not in document:
        raise NotACertificate(N_("JSON, but not a Warrantor certificate (no 'format' member)"))
    if document["format"] != FORMAT:
        raise NotACertificate(
            f"not a certificate this version reads: format is {document['format']!r}, "
            f"expected {FORMAT!r}",
            [Problem(f"must be {FORMAT!r}", field="format")],
        )
    reader = _Reader(document)
    members: dict[str, Any] = {
        "number": reader.text("number"),
        "brand": reader.text("brand"),
        "model": reader.text("model"),
        "serial": reader.text("serial"),
        "extension_years": reader.whole_number("extension_years"),
        "starts_on": reader.date("starts_on"),
        "ends_on": reader.date("ends_on"),
        "buyer": reader.buyer(),
        "issued_at": reader.instant("issued_at"),
        "replaces": reader.optional_text("replaces"),
        "key_id": reader.text("key_id"),
        "signature": reader.signature(),
    }
    for name in sorted(set(document) - _TOP_FIELDS):
        reader.problem(name, "is not a certificate member (unsigned data is not accepted)")
    if reader.problems:
        raise InvalidInput(_summary(reader.problems), reader.problems)
    # Every member is present and of its type; the model checks the values.
    return Certificate(**members)


def read_certificate_file(source: Path | str | bytes) -> Certificate:
    """The certificate in a JSON or certificate-PDF file (a path, or the file's bytes).

    When: ``warrantor certificate verify FILE`` and the verification upload.
    The result is only well formed; ``signing.verify`` says if it is genuine.
    Raises ``NotACertificate``, ``CorruptPdf``, ``NoEmbeddedCertificate`` or
    ``InvalidInput`` naming the member that is wrong.
    """
    data = file_bytes(source)
    if len(data) > MAX_FILE_BYTES:
        too_large = N_("the file is %(size)s bytes; a certificate is at most %(most)s")
        raise NotACertificate(Said(too_large, size=len(data), most=MAX_FILE_BYTES))
    if is_pdf(data):
        return _from_pdf(data)
    if _head(data).startswith(b"{"):
        return import_json(data)
    if not data.strip():
        raise NotACertificate(N_("the file is empty"))
    raise NotACertificate(N_("neither a certificate JSON document nor a certificate PDF"))


def file_bytes(source: Path | str | bytes) -> bytes:
    """The bytes of a presented file: read from a path (at most one byte past the size
    limit, so an oversized file is refused without reading it all), or as given."""
    return _read(source) if isinstance(source, Path | str) else source


def is_pdf(data: bytes) -> bool:
    """Whether a presented file is a PDF (it starts ``%PDF-``, after a BOM or blanks)."""
    return _head(data).startswith(b"%PDF-")


def _head(data: bytes) -> bytes:
    return data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")


def _read(path: Path | str) -> bytes:
    path = Path(path)
    try:
        with path.open("rb") as file:
            return file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise CertificateFileError(f"can't read {path}: {error.strerror or error}") from None


def _from_pdf(data: bytes) -> Certificate:
    if b"%%EOF" not in data[-2048:]:
        raise CorruptPdf(N_("the PDF is cut short (no end-of-file marker)"))
    contents = _attachments(data).get(ATTACHMENT_NAME)
    if not contents:
        raise NoEmbeddedCertificate(
            N_(
                "a PDF, but without the certificate data Warrantor embeds in the certificates "
                "it issues (a scan or a re-printed copy?); hand in the original PDF or the JSON"
            )
        )
    if len(contents) > 1:
        several = N_("the PDF holds %(count)s certificates; expected one")
        raise NotACertificate(Said(several, count=len(contents)))
    if len(contents[0]) > MAX_EMBEDDED_BYTES:
        raise CorruptPdf(N_("the embedded file is far too large to be a certificate"))
    try:
        document = json.loads(contents[0], object_pairs_hook=_refusing_duplicates)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        damaged = N_("the embedded certificate data (%(name)s) is damaged: not JSON")
        raise CorruptPdf(Said(damaged, name=ATTACHMENT_NAME)) from None
    return from_document(document)


def _refusing_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing one that repeats a member (``DuplicateMember``)."""
    document: dict[str, Any] = {}
    for name, value in pairs:
        if name in document:
            raise DuplicateMember(name)
        document[name] = value
    return document


def _attachments(data: bytes) -> dict[str, list[bytes]]:
    """The PDF's embedded files, name -> contents; ``CorruptPdf`` when pypdf can't read it."""
    try:
        return dict(PdfReader(io.BytesIO(data)).attachments)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        # PdfReadError and friends; on some damage pypdf fails with a plain Python error.
        unreadable = N_("the PDF is damaged and can't be read (%(why)s)")
        raise CorruptPdf(Said(unreadable, why=str(error))) from None


class _Reader:
    """Reads members of a JSON document, collecting a ``Problem`` per bad member."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(message, field=field))

    def _get(self, name: str, document: dict[str, Any] | None = None, prefix: str = "") -> object:
        source = self.document if document is None else document
        if name not in source:
            self.problem(prefix + name, "is missing")
        return source.get(name)

    def text(self, name: str) -> str | None:
        value = self._get(name)
        if value is not None and not isinstance(value, str):
            self.problem(name, "must be a string")
            return None
        if value is None and name in self.document:
            self.problem(name, "must be a string, not null")
        return self._without_nul(name, value)

    def optional_text(self, name: str) -> str | None:
        value = self._get(name)
        if value is not None and not isinstance(value, str):
            self.problem(name, "must be a string or null")
            return None
        return self._without_nul(name, value)

    def _without_nul(self, name: str, value: str | None) -> str | None:
        """``value``; a NUL character is a problem (no certificate holds one, and the
        registry can't be asked about it on PostgreSQL)."""
        if value is not None and "\x00" in value:
            self.problem(name, "contains a NUL character (\\x00)")
            return None
        return value

    def whole_number(self, name: str) -> int | None:
        value = self._get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if name in self.document:
            self.problem(name, "must be a whole number")
        return None

    def date(self, name: str) -> date | None:
        value = self._get(name)
        if name not in self.document:
            return None
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            self.problem(name, "must be a date written YYYY-MM-DD")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(name, f"{value!r} is not a calendar date")
            return None

    def instant(self, name: str) -> datetime | None:
        value = self._get(name)
        if name not in self.document:
            return None
        if not isinstance(value, str) or not _INSTANT.fullmatch(value):
            self.problem(name, "must be a UTC time written YYYY-MM-DDTHH:MM:SSZ")
            return None
        try:
            return datetime.fromisoformat(value.removesuffix("Z")).replace(tzinfo=UTC)
        except ValueError:
            self.problem(name, f"{value!r} is not a real date and time")
            return None

    def buyer(self) -> Buyer | None:
        value = self._get("buyer")
        if "buyer" not in self.document:
            return None
        if not isinstance(value, dict):
            self.problem("buyer", "must be an object with account_code and name")
            return None
        before = len(self.problems)
        parts: dict[str, str] = {}
        for name in sorted(_BUYER_FIELDS):
            part = self._get(name, value, "buyer.")
            if name in value and not isinstance(part, str):
                self.problem(f"buyer.{name}", "must be a string")
            elif isinstance(part, str) and self._without_nul(f"buyer.{name}", part) is not None:
                parts[name] = part
        for name in sorted(set(value) - _BUYER_FIELDS):
            self.problem(f"buyer.{name}", "is not a buyer member (unsigned data is not accepted)")
        if len(self.problems) > before:
            return None
        try:
            return Buyer(parts["account_code"], parts["name"])
        except InvalidInput as error:
            self.problems += error.problems
            return None

    def signature(self) -> bytes | None:
        value = self._get("signature")
        if "signature" not in self.document:
            return None
        if not isinstance(value, str) or not _BASE64.fullmatch(value):
            self.problem("signature", "must be standard base64")
            return None
        try:
            return base64.b64decode(value, validate=True)
        except (ValueError, binascii.Error):
            self.problem("signature", "must be standard base64")
            return None


def _summary(problems: list[Problem]) -> str:
    named = ", ".join(dict.fromkeys(p.field or "?" for p in problems))
    return f"the certificate document is not valid: {named}"

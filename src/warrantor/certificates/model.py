"""An extended-warranty certificate and the exact bytes its signature covers.

QNAP's terms say the extended warranty proof "must show the product model,
serial number, and the extended warranty period", and that "only QNAP
provided and validated warranty certificate is accepted". A certificate here
is that proof: what was bought, for which unit, for how long, by whom, signed
so that anyone holding the published public keys can tell a real one from an
edited copy.

Pure data, no I/O and no clock: ``issued_at`` is passed in. Construction
checks every field and raises ``InvalidInput`` naming the field, so an
``UnsignedCertificate`` or ``Certificate`` that exists is well formed.

Every field except the signature is signed, the key id included (so a
signature can't be passed off as made by another key). ``canonical_bytes``
is the one definition of what is signed; change it only together with
``FORMAT``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from warrantor.errors import InvalidInput, Problem

FORMAT = "warrantor-certificate/1"
"""Format version of the signed payload and of the JSON document.

Part of the signed bytes, so a certificate can't be re-read under other rules.
"""

SIGNED_FIELDS: tuple[str, ...] = (
    "number",
    "brand",
    "model",
    "serial",
    "extension_years",
    "starts_on",
    "ends_on",
    "buyer.account_code",
    "buyer.name",
    "issued_at",
    "replaces",
    "key_id",
)
"""Every signed field, by the name used in verification reasons and JSON problems."""

_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_JOINERS = frozenset(
    "\u200c\u200d"
)  # zero-width (non-)joiner: part of how some scripts are written
SIGNATURE_LENGTH = 64
"""An Ed25519 signature is 64 bytes."""


@dataclass(frozen=True, slots=True)
class Buyer:
    """Who bought the extension: the account code and the name printed on the certificate."""

    account_code: str
    name: str

    def __post_init__(self) -> None:
        problems = [
            *_text_problems("buyer.account_code", self.account_code, max_length=64),
            *_text_problems("buyer.name", self.name, max_length=200),
        ]
        _raise_if(problems)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnsignedCertificate:
    """What a certificate says, before it is signed.

    ``starts_on`` and ``ends_on`` are both inclusive (the extension starts the
    day after the standard term ends; DESIGN.md, "Domain conventions").
    ``replaces`` is the number of a certificate this one reissues (e.g. after a
    buyer's name was corrected); the old one is revoked in the registry.
    ``issued_at`` must be timezone-aware; it is kept in UTC.
    """

    number: str
    brand: str
    model: str
    serial: str
    extension_years: int
    starts_on: date
    ends_on: date
    buyer: Buyer
    issued_at: datetime
    replaces: str | None = None

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        problems += _number_problems("number", self.number)
        problems += _text_problems("brand", self.brand, max_length=64)
        problems += _text_problems("model", self.model, max_length=128)
        problems += _text_problems("serial", self.serial, max_length=64)
        if not isinstance(self.buyer, Buyer):
            problems.append(Problem("must be a Buyer (account code and name)", field="buyer"))
        if isinstance(self.extension_years, bool) or not isinstance(self.extension_years, int):
            problems.append(Problem("must be a whole number of years", field="extension_years"))
        elif not 1 <= self.extension_years <= 10:
            problems.append(
                Problem(
                    f"must be between 1 and 10 years, not {self.extension_years}",
                    field="extension_years",
                )
            )
        for name in ("starts_on", "ends_on"):
            value = getattr(self, name)
            if isinstance(value, datetime) or not isinstance(value, date):
                problems.append(Problem("must be a date (no time of day)", field=name))
        if (
            not any(p.field in ("starts_on", "ends_on") for p in problems)
            and self.ends_on < self.starts_on
        ):
            problems.append(
                Problem(
                    f"ends on {self.ends_on.isoformat()}, before it starts on "
                    f"{self.starts_on.isoformat()}",
                    field="ends_on",
                )
            )
        if not isinstance(self.issued_at, datetime):
            problems.append(Problem("must be a date and time", field="issued_at"))
        elif self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            problems.append(Problem("must be timezone-aware (UTC)", field="issued_at"))
        if self.replaces is not None:
            problems += _number_problems("replaces", self.replaces)
            if self.replaces == self.number:
                problems.append(Problem("a certificate can't replace itself", field="replaces"))
        _raise_if(problems)
        # Normalise to UTC so the signed text of an instant is always the same.
        object.__setattr__(self, "issued_at", self.issued_at.astimezone(UTC))

    def unsigned(self) -> UnsignedCertificate:
        """The certificate's content alone (for a ``Certificate``: without key id and signature)."""
        return UnsignedCertificate(
            number=self.number,
            brand=self.brand,
            model=self.model,
            serial=self.serial,
            extension_years=self.extension_years,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            buyer=self.buyer,
            issued_at=self.issued_at,
            replaces=self.replaces,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Certificate(UnsignedCertificate):
    """A signed certificate: the content, the id of the key that signed it, the signature.

    Made by ``signing.sign`` or read back from a document; checked by
    ``signing.verify``. A ``Certificate`` being well formed says nothing about
    whether it is genuine.
    """

    key_id: str
    signature: bytes

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        if not isinstance(self.key_id, str) or not _KEY_ID.fullmatch(self.key_id):
            problems.append(Problem("must be 16 lower-case hexadecimal digits", field="key_id"))
        if not isinstance(self.signature, bytes) or len(self.signature) != SIGNATURE_LENGTH:
            problems.append(
                Problem(f"must be {SIGNATURE_LENGTH} bytes (Ed25519)", field="signature")
            )
        try:
            UnsignedCertificate.__post_init__(self)
        except InvalidInput as error:
            problems = error.problems + problems
        _raise_if(problems)

    @classmethod
    def from_unsigned(
        cls, content: UnsignedCertificate, *, key_id: str, signature: bytes
    ) -> Certificate:
        """The content with a key id and signature attached (checked by ``signing.verify``)."""
        return cls(
            number=content.number,
            brand=content.brand,
            model=content.model,
            serial=content.serial,
            extension_years=content.extension_years,
            starts_on=content.starts_on,
            ends_on=content.ends_on,
            buyer=content.buyer,
            issued_at=content.issued_at,
            replaces=content.replaces,
            key_id=key_id,
            signature=signature,
        )

    def signed_bytes(self) -> bytes:
        """The bytes the signature covers (see ``canonical_bytes``)."""
        return canonical_bytes(self, self.key_id)


def signed_values(certificate: UnsignedCertificate, key_id: str) -> dict[str, Any]:
    """The signed fields as JSON values, keyed by their ``SIGNED_FIELDS`` name.

    Used to name the fields that differ between a certificate and the registry.
    """
    return {
        "number": certificate.number,
        "brand": certificate.brand,
        "model": certificate.model,
        "serial": certificate.serial,
        "extension_years": certificate.extension_years,
        "starts_on": certificate.starts_on.isoformat(),
        "ends_on": certificate.ends_on.isoformat(),
        "buyer.account_code": certificate.buyer.account_code,
        "buyer.name": certificate.buyer.name,
        "issued_at": format_instant(certificate.issued_at),
        "replaces": certificate.replaces,
        "key_id": key_id,
    }


def signed_payload(certificate: UnsignedCertificate, key_id: str) -> dict[str, Any]:
    """The signed payload as a JSON object: the format plus every signed field.

    The JSON document is this object plus ``signature``.
    """
    return {
        "format": FORMAT,
        "number": certificate.number,
        "brand": certificate.brand,
        "model": certificate.model,
        "serial": certificate.serial,
        "extension_years": certificate.extension_years,
        "starts_on": certificate.starts_on.isoformat(),
        "ends_on": certificate.ends_on.isoformat(),
        "buyer": {"account_code": certificate.buyer.account_code, "name": certificate.buyer.name},
        "issued_at": format_instant(certificate.issued_at),
        "replaces": certificate.replaces,
        "key_id": key_id,
    }


def canonical_bytes(certificate: UnsignedCertificate, key_id: str) -> bytes:
    """The exact bytes signed: ``signed_payload`` as deterministic JSON, UTF-8.

    Sorted keys, no whitespace, ISO dates, instants in UTC with a ``Z``, text
    as given (not escaped to ASCII). Any change to any field changes these
    bytes, which is what makes a signature cover every field.
    """
    return json.dumps(
        signed_payload(certificate, key_id),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    ).encode("utf-8")


def format_instant(instant: datetime) -> str:
    """An instant as signed and shown: ISO 8601 in UTC with a ``Z`` (``2025-03-01T09:30:00Z``)."""
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _number_problems(field: str, value: object) -> list[Problem]:
    if not isinstance(value, str):
        return [Problem("must be text", field=field)]
    if not _NUMBER.fullmatch(value):
        return [
            Problem(
                "a certificate number is 1 to 64 letters, digits, '.', '_' or '-', "
                f"starting with a letter or digit; got {value!r}",
                field=field,
            )
        ]
    return []


def _text_problems(field: str, value: object, *, max_length: int) -> list[Problem]:
    """Printable, trimmed, non-empty text: what is signed is exactly what is printed."""
    if not isinstance(value, str):
        return [Problem("must be text", field=field)]
    if not value.strip():
        return [Problem("must not be empty", field=field)]
    if value != value.strip():
        return [Problem("must not start or end with spaces", field=field)]
    if len(value) > max_length:
        return [Problem(f"is {len(value)} characters long; at most {max_length}", field=field)]
    if any(unicodedata.category(ch).startswith("C") and ch not in _JOINERS for ch in value):
        return [Problem("must not contain control or invisible characters", field=field)]
    return []


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        fields_named = ", ".join(dict.fromkeys(p.field or "?" for p in problems))
        raise InvalidInput(f"certificate is not well formed: {fields_named}", problems)

"""Repository.

Issued extended-warranty certificates: the registry a presented certificate is
compared with (issue #4), and the numbers they are issued under.

``CertificateRepository`` implements the library's ``CertificateRegistry``
port (``lookup``), so ``certificates.signing.verify`` checks a presented
certificate against the database directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, or_, select, update

from warrantor.certificates.model import Buyer, Certificate
from warrantor.certificates.registry import RegistryRecord
from warrantor.store.tables import accounts, brands, units
from warrantor.store.tables_certificates import certificate_sequences, certificates
from warrantor.store.upsert import insert_for

NUMBER_DIGITS = 6
"""Digits of the sequence part of a number (more are used past 999,999 in one year)."""

_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


@dataclass(frozen=True, slots=True)
class IssuedCertificate:
    """A certificate as the registry holds it: what was signed, what it proves, its state."""

    certificate: Certificate
    extension_id: int
    document: str
    """The signed JSON document exactly as delivered."""
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    @property
    def record(self) -> RegistryRecord:
        """The registry record verification compares a presented certificate with."""
        return RegistryRecord(self.certificate, self.revoked_at, self.revoked_reason)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def number_prefix(brand: str, year: int) -> str:
    """``EW-<BRAND>-<year>``: the brand in upper-case letters and digits only (``Western
    Digital`` -> ``WESTERNDIGITAL``), at most 20 of them, so a number stays readable."""
    code = _NOT_ALNUM.sub("", brand.upper())[:20] or "X"
    return f"EW-{code}-{year:04d}"


class CertificateRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # --- the registry port --------------------------------------------------------

    def lookup(self, number: str) -> RegistryRecord | None:
        """What was issued under ``number`` and whether it was revoked; ``None`` if never."""
        issued = self.get(number)
        return issued.record if issued is not None else None

    # --- reads ------------------------------------------------------------------

    def get(self, number: str) -> IssuedCertificate | None:
        row = self._connection.execute(
            _query().where(certificates.c.number == number)
        ).one_or_none()
        return _issued(row) if row is not None else None

    def for_unit(self, brand: str, serial: str) -> list[IssuedCertificate]:
        """Every certificate issued for this unit, revoked ones too, oldest first."""
        query = _query().where(certificates.c.brand == brand, certificates.c.serial == serial)
        return [_issued(row) for row in self._connection.execute(query.order_by(certificates.c.id))]

    def for_buyer(self, account_code: str, limit: int = 1000) -> list[IssuedCertificate]:
        """Certificates bought by this account, newest first."""
        query = (
            _query()
            .where(certificates.c.buyer_code == account_code)
            .order_by(certificates.c.id.desc())
            .limit(limit)
        )
        return [_issued(row) for row in self._connection.execute(query)]

    def for_account(
        self, account_code: str, limit: int, before: str | None = None
    ) -> list[IssuedCertificate]:
        """Certificates an account bought or that are for units it owns, by number from the
        last (the latest of a brand's year first), numbers below ``before`` (keyset)."""
        owned = (
            select(units.c.id)
            .join(brands, brands.c.id == units.c.brand_id)
            .join(accounts, accounts.c.id == units.c.owner_id)
            .where(
                accounts.c.code == account_code,
                brands.c.name == certificates.c.brand,
                units.c.serial == certificates.c.serial,
            )
        )
        query = (
            _query()
            .where(or_(certificates.c.buyer_code == account_code, owned.exists()))
            .order_by(certificates.c.number.desc())
            .limit(limit)
        )
        if before is not None:
            query = query.where(certificates.c.number < before)
        return [_issued(row) for row in self._connection.execute(query)]

    def for_extension(self, extension_id: int) -> list[IssuedCertificate]:
        """Certificates that prove this granted extension (reissues included), oldest first."""
        query = _query().where(certificates.c.extension_id == extension_id)
        return [_issued(row) for row in self._connection.execute(query.order_by(certificates.c.id))]

    # --- writes -----------------------------------------------------------------

    def next_number(self, brand: str, year: int) -> str:
        """A new number ``EW-<BRAND>-<year>-<000001>``, never handed out twice.

        The counter row is created if missing, then incremented with
        ``UPDATE ... RETURNING``: a concurrent issuer waits on the row lock
        until this transaction ends and then reads the incremented value
        (PostgreSQL, read committed); SQLite has one writer at a time. A rolled
        back issue leaves no gap-free guarantee: numbers are unique, not dense.
        """
        prefix = number_prefix(brand, year)
        create = (
            insert_for(self._connection, certificate_sequences)
            .values(prefix=prefix, last_value=0)
            .on_conflict_do_nothing(index_elements=["prefix"])
        )
        self._connection.execute(create)
        value = self._connection.execute(
            update(certificate_sequences)
            .where(certificate_sequences.c.prefix == prefix)
            .values(last_value=certificate_sequences.c.last_value + 1)
            .returning(certificate_sequences.c.last_value)
        ).scalar_one()
        return f"{prefix}-{value:0{NUMBER_DIGITS}d}"

    def add(self, certificate: Certificate, *, extension_id: int, document: str) -> None:
        """Record a newly signed certificate (its number must be new)."""
        self._connection.execute(
            certificates.insert().values(
                number=certificate.number,
                extension_id=extension_id,
                brand=certificate.brand,
                model=certificate.model,
                serial=certificate.serial,
                years=certificate.extension_years,
                starts_on=certificate.starts_on,
                ends_on=certificate.ends_on,
                buyer_code=certificate.buyer.account_code,
                buyer_name=certificate.buyer.name,
                issued_at=certificate.issued_at,
                key_id=certificate.key_id,
                signature=certificate.signature,
                document=document,
                replaces=certificate.replaces,
            )
        )

    def revoke(self, number: str, *, at: datetime, reason: str) -> bool:
        """Mark a certificate revoked; ``False`` when there is none or it already was."""
        result = self._connection.execute(
            update(certificates)
            .where(certificates.c.number == number, certificates.c.revoked_at.is_(None))
            .values(revoked_at=at, revoked_reason=reason)
        )
        return result.rowcount == 1


def _query() -> Select[Any]:
    return select(certificates)


def _issued(row: Row[Any]) -> IssuedCertificate:
    certificate = Certificate(
        number=row.number,
        brand=row.brand,
        model=row.model,
        serial=row.serial,
        extension_years=row.years,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        buyer=Buyer(row.buyer_code, row.buyer_name),
        issued_at=row.issued_at,
        replaces=row.replaces,
        key_id=row.key_id,
        signature=bytes(row.signature),
    )
    return IssuedCertificate(
        certificate=certificate,
        extension_id=row.extension_id,
        document=row.document,
        revoked_at=row.revoked_at,
        revoked_reason=row.revoked_reason,
    )

"""A claim in an extension period and its certificate, decided by the real QNAP policy.

The workshop builds a claim's facts with ``extension_facts_for_claim``; the
policy asks for the certificate when none was shown, accepts one that
verifies, and denies a forged or revoked one. The unit's extensions come from
the sales work's repository (``uow.extensions.for_unit``); these tests hand
in the granted extension through a stand-in for it, so they don't depend on
the sales tables.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from warrantor.certificates import Buyer, Certificate, KeyRing, sign
from warrantor.domain.actors import Actor, Role
from warrantor.domain.coverage import Extension
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import Decision
from warrantor.policy.facts import Facts
from warrantor.services.certificates.claims import extension_facts_for_claim
from warrantor.services.certificates.issuing import CertificateRequest, issue_certificate
from warrantor.services.certificates.revoking import revoke_certificate
from warrantor.services.uow import UnitOfWorkFactory

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
CLAIM_DAY = date(2026, 11, 23)
"""In the 1-year extension of a TS-453 Pro bought 2024-05-02 (standard term to 2026-05-01)."""


class GrantedExtensions:
    """Stands in for the sales work's ``ExtensionRepository.for_unit``."""

    def __init__(self, extensions: tuple[Extension, ...]) -> None:
        self._extensions = extensions

    def for_unit(self, brand: str, serial: str) -> tuple[Extension, ...]:
        return self._extensions if (brand, serial) == ("QNAP", "Q24NAS0001") else ()


@pytest.fixture
def keys(tmp_path: Path) -> KeyRing:
    return KeyRing(tmp_path / "keys")


@pytest.fixture
def certificate(uow_factory: UnitOfWorkFactory, keys: KeyRing, add_units: Any) -> Certificate:
    add_units(
        [
            {
                "brand": "QNAP",
                "serial": "Q24NAS0001",
                "model": "TS-453 Pro",
                "purchased_on": "2024-05-02",
                "first_invoiced_on": "2024-05-02",
                "proof_of_purchase": "INV-1",
                "country_of_purchase": "US",
            }
        ]
    )
    request = CertificateRequest(
        extension_id=1,
        brand="QNAP",
        model="TS-453 Pro",
        serial="Q24NAS0001",
        extension_years=1,
        starts_on=date(2026, 5, 2),
        ends_on=date(2027, 5, 1),
        buyer=Buyer("D-0042", "Northwind Storage Ltd"),
    )
    with uow_factory() as uow:
        return issue_certificate(uow, keys, request, NOW)


def decide(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    keys: KeyRing,
    presented: Certificate | None,
    granted: tuple[Extension, ...],
) -> tuple[Decision, tuple[Extension, ...]]:
    """What the workshop does: the unit, its extensions as verified, the policy's decision."""
    with uow_factory() as uow:
        uow.extensions = GrantedExtensions(granted)  # type: ignore[assignment]
        unit = uow.units.get("QNAP", "Q24NAS0001")
        assert unit is not None
        extensions = extension_facts_for_claim(uow, keys, "QNAP", "Q24NAS0001", presented)
    facts = Facts(
        unit=unit, on=CLAIM_DAY, extensions=extensions, is_claim=True, service_country="US"
    )
    return book.evaluate(facts), extensions


def granted_for(certificate: Certificate | None) -> tuple[Extension, ...]:
    number = certificate.number if certificate is not None else None
    return (Extension(years=1, purchased_on=date(2024, 6, 1), certificate_number=number),)


def test_a_claim_in_the_extension_period_asks_for_the_certificate_when_none_is_shown(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, keys: KeyRing, certificate: Certificate
) -> None:
    decision, extensions = decide(uow_factory, policy_book, keys, None, granted_for(certificate))

    assert extensions[0].certificate_valid is None
    assert decision.outcome == "needs_information"
    assert [m.fact for m in decision.missing] == ["extension_certificate"]
    assert decision.missing[0].clause_id == "qnap.ext.certificate"


def test_a_claim_with_the_genuine_certificate_is_covered_by_the_extension(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, keys: KeyRing, certificate: Certificate
) -> None:
    decision, extensions = decide(
        uow_factory, policy_book, keys, certificate, granted_for(certificate)
    )

    assert extensions[0].certificate_valid is True
    assert decision.outcome == "covered"
    assert "qnap.ext.certificate" in [c.clause_id for c in decision.citations]


@pytest.mark.parametrize(
    "forgery",
    ["serial changed", "ends later", "signed by another key", "made-up number"],
)
def test_a_claim_with_a_forged_certificate_is_denied_citing_the_certificate_clause(
    forgery: str,
    uow_factory: UnitOfWorkFactory,
    policy_book: PolicyBook,
    keys: KeyRing,
    certificate: Certificate,
    tmp_path: Path,
) -> None:
    presented = {
        "serial changed": replace(certificate, serial="Q24NAS0002"),
        "ends later": replace(certificate, ends_on=date(2028, 5, 1)),
        "signed by another key": sign(certificate.unsigned(), KeyRing(tmp_path / "forger")),
        "made-up number": sign(replace(certificate.unsigned(), number="EW-QNAP-2026-555555"), keys),
    }[forgery]

    decision, extensions = decide(
        uow_factory, policy_book, keys, presented, granted_for(certificate)
    )

    assert extensions[0].certificate_valid is False
    assert decision.outcome == "not_covered"
    assert "not valid" in decision.summary
    assert "qnap.ext.certificate" in [c.clause_id for c in decision.citations]


def test_a_claim_with_a_revoked_certificate_is_denied(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, keys: KeyRing, certificate: Certificate
) -> None:
    revoke_certificate(
        uow_factory, Actor(Role.ADMIN, None), certificate.number, reason="refunded", now=NOW
    )

    decision, extensions = decide(
        uow_factory, policy_book, keys, certificate, granted_for(certificate)
    )

    assert extensions[0].certificate_valid is False
    assert decision.outcome == "not_covered"


def test_a_genuine_certificate_of_this_unit_counts_where_the_store_names_no_number(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, keys: KeyRing, certificate: Certificate
) -> None:
    decision, extensions = decide(uow_factory, policy_book, keys, certificate, granted_for(None))

    assert extensions[0].certificate_valid is True
    assert decision.outcome == "covered"


def test_another_extensions_certificate_leaves_this_ones_proof_missing(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, keys: KeyRing, certificate: Certificate
) -> None:
    granted = (
        Extension(years=1, purchased_on=date(2024, 6, 1), certificate_number=certificate.number),
        Extension(years=1, purchased_on=date(2024, 6, 2), certificate_number="EW-QNAP-2026-000099"),
    )

    _, extensions = decide(uow_factory, policy_book, keys, certificate, granted)

    assert [e.certificate_valid for e in extensions] == [True, None]


class TestWithARealGrant:
    """The same decisions with the extension granted by the sales work's own service."""

    @pytest.fixture
    def granted(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, keys: KeyRing, add_units: Any
    ) -> Certificate:
        from warrantor.services.sales.grants import grant_extension
        from warrantor.store.accounts import Account

        buyer = Account("D-0042", "Northwind Storage Ltd", "distributor", is_direct_customer=True)
        with uow_factory() as uow:
            uow.accounts.upsert(buyer, NOW)
        add_units(
            [
                {
                    "brand": "QNAP",
                    "serial": "Q24NAS0001",
                    "model": "TS-453 Pro",
                    "purchased_on": "2024-05-02",
                    "first_invoiced_on": "2024-05-02",
                    "first_invoiced_to": "D-0042",
                    "proof_of_purchase": "INV-1",
                    "country_of_purchase": "US",
                }
            ]
        )
        with uow_factory() as uow:
            unit = uow.units.get("QNAP", "Q24NAS0001")
            assert unit is not None
            policy = policy_book.version_for("QNAP", unit.purchased_on)
            grant_extension(
                uow,
                keys,
                policy,
                unit,
                years=1,
                purchased_on=date(2024, 6, 1),
                buyer=buyer,
                now=NOW,
            )
            [issued] = uow.certificates.for_unit("QNAP", "Q24NAS0001")
        return issued.certificate

    def decide(
        self,
        uow_factory: UnitOfWorkFactory,
        book: PolicyBook,
        keys: KeyRing,
        presented: Certificate | None,
    ) -> Decision:
        with uow_factory() as uow:
            unit = uow.units.get("QNAP", "Q24NAS0001")
            assert unit is not None
            extensions = extension_facts_for_claim(uow, keys, "QNAP", "Q24NAS0001", presented)
        return book.evaluate(
            Facts(
                unit=unit, on=CLAIM_DAY, extensions=extensions, is_claim=True, service_country="US"
            )
        )

    def test_missing_asks_genuine_covers_forged_denies(
        self,
        uow_factory: UnitOfWorkFactory,
        policy_book: PolicyBook,
        keys: KeyRing,
        granted: Certificate,
    ) -> None:
        assert granted.starts_on == date(2026, 5, 2)

        missing = self.decide(uow_factory, policy_book, keys, None)
        genuine = self.decide(uow_factory, policy_book, keys, granted)
        forged = self.decide(
            uow_factory, policy_book, keys, replace(granted, ends_on=date(2029, 5, 1))
        )

        assert missing.outcome == "needs_information"
        assert [m.fact for m in missing.missing] == ["extension_certificate"]
        assert genuine.outcome == "covered"
        assert forged.outcome == "not_covered"

"""Grant a paid extension to a unit, with its certificate, inside the caller's unit of work.

Called after a payment (direct order) or an assignment (distributor quote).
The dates come from ``sales_terms.extension_dates``; the certificate from
``issuing.issue_certificate``. Everything happens in the caller's
transaction, so a certificate that can't be issued leaves no extension behind.
"""

from __future__ import annotations

from datetime import date, datetime

from warrantor.certificates.keys import KeyRing
from warrantor.certificates.model import Buyer
from warrantor.domain.sales import GrantedExtension
from warrantor.domain.units import Unit
from warrantor.errors import Refused
from warrantor.policy.extension_terms import extension_dates, maximum_term_clauses
from warrantor.policy.model import Policy
from warrantor.services.certificates import issuing
from warrantor.services.certificates.issuing import CertificateRequest
from warrantor.services.uow import UnitOfWork
from warrantor.store.accounts import Account
from warrantor.store.extensions import NewExtension


def grant_extension(
    uow: UnitOfWork,
    keys: KeyRing,
    policy: Policy,
    unit: Unit,
    *,
    years: int,
    purchased_on: date,
    buyer: Account,
    now: datetime,
) -> GrantedExtension:
    """Add +``years`` to ``unit`` and issue its certificate; returns the stored extension.

    The caller has already asked the engine (``extension_offer``) and locked the unit.
    """
    unit_id = uow.units.id_of(unit.brand, unit.serial)
    buyer_id = uow.accounts.id_of(buyer.code)
    assert unit_id is not None and buyer_id is not None
    existing = uow.extensions.for_unit(unit.brand, unit.serial)
    dates = extension_dates(policy, unit, existing, years)
    if dates is None:  # the offer allowed it, so only a unit at its maximum gets here
        raise Refused(
            f"{unit.serial}: {years} more years add nothing to this unit's coverage",
            list(maximum_term_clauses(policy)),
        )
    extension_id = uow.extensions.add(
        NewExtension(
            unit_id=unit_id,
            years=years,
            purchased_on=purchased_on,
            starts_on=dates.starts_on,
            ends_on=dates.ends_on,
            dates_from=dates.dates_from,
            buyer_account_id=buyer_id,
        ),
        now,
    )
    request = CertificateRequest(
        extension_id=extension_id,
        brand=unit.brand,
        model=unit.model,
        serial=unit.serial,
        extension_years=years,
        starts_on=dates.starts_on,
        ends_on=dates.ends_on,
        buyer=Buyer(account_code=buyer.code, name=buyer.name),
    )
    certificate = issuing.issue_certificate(uow, keys, request, now)
    uow.extensions.set_certificate(extension_id, certificate.number)
    granted = uow.extensions.get(extension_id)
    assert granted is not None
    return granted

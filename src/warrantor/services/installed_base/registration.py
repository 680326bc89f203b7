"""Use case: a customer registers a unit they bought ("my products").

The unit must already be in the installed base (the maker or its channel
imported it); the customer claims it with the brand, the serial, the purchase
date and the reference of their proof of purchase, which then start the
warranty term (DESIGN.md: the proof of purchase starts the term). A unit
another account owns is refused without saying whose it is; registering a
unit again (e.g. to correct the proof) is allowed while no one else owns it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.audit import Action
from warrantor.domain.sales import GrantedExtension
from warrantor.domain.units import Unit, latest_today
from warrantor.errors import (
    Ambiguous,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Problem,
    Said,
)
from warrantor.i18n.locales import N_
from warrantor.policy.book import PolicyBook
from warrantor.services.audit import changes as audit
from warrantor.services.installed_base.check import CheckResult, check_serial
from warrantor.services.installed_base.coverage_projection import refresh_serials
from warrantor.services.installed_base.units import (
    date_order_problems,
    find_unit,
    future_date_problems,
    parse_serial,
)
from warrantor.services.sentences import at_most_characters, no_account
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.unit_owners import UnitOwnerRepository

MAX_PROOF_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Claim:
    """What a customer types to register a unit."""

    brand: str
    serial: str
    purchased_on: date | None
    proof_of_purchase: str


def register_my_unit(
    uow_factory: UnitOfWorkFactory, actor: Actor, claim: Claim, now: datetime, *, book: PolicyBook
) -> Unit:
    """Make the actor's account the unit's owner, with their purchase date and proof.

    ``InvalidInput`` names each field that is wrong (all at once); an unknown
    serial is a problem on ``serial`` (the public check shows serials anyway);
    a unit someone else owns is ``Conflict``. Only customers register units.
    """
    if actor.role is not Role.CUSTOMER or not actor.account_code:
        raise PermissionDenied(N_("only a customer's account can register a unit"))
    problems = _claim_problems(claim, latest_today(now))
    if problems:
        raise InvalidInput("the registration has problems", problems)
    assert claim.purchased_on is not None
    proof = claim.proof_of_purchase.strip()
    with uow_factory() as uow:
        try:
            unit = find_unit(uow, claim.serial, claim.brand.strip())
        except (NotFound, Ambiguous) as error:  # about the serial the customer typed
            raise InvalidInput(error.message, [Problem(error.message, "serial")]) from None
        problems = date_order_problems(
            unit.manufactured_on, unit.first_invoiced_on, claim.purchased_on
        )
        if problems:
            raise InvalidInput("the purchase date does not fit this unit", problems)
        owner_id = uow.accounts.id_of(actor.account_code)
        if owner_id is None:
            raise PermissionDenied(no_account(actor.account_code))
        owners = UnitOwnerRepository(uow.connection)
        if not owners.claim(unit.brand, unit.serial, owner_id, claim.purchased_on, proof, now):
            raise Conflict(
                Said(
                    N_(
                        "%(brand)s %(serial)s is registered to another owner; if you bought "
                        "it, send a help request with your proof of purchase (/my/help)"
                    ),
                    brand=unit.brand,
                    serial=unit.serial,
                )
            )
        claimed = uow.units.get(unit.brand, unit.serial)
        assert claimed is not None
        audit.unit_changed(uow, actor, now, unit, claimed, action=Action.UNIT_REGISTERED)
        refresh_serials(uow, book, [(claimed.brand, claimed.serial)])  # the start may move
        return claimed


def _claim_problems(claim: Claim, latest: date) -> list[Problem]:
    problems = []
    if not claim.brand.strip():
        problems.append(Problem(N_("choose the brand on the product's label"), "brand"))
    try:
        parse_serial(claim.serial)
    except InvalidInput as error:
        problems.extend(error.problems)
    if claim.purchased_on is None:
        problems.append(Problem(N_("enter the date on your proof of purchase"), "purchased_on"))
    else:
        problems.extend(future_date_problems(latest, {"purchased_on": claim.purchased_on}))
    proof = claim.proof_of_purchase.strip()
    if not proof:
        problems.append(
            Problem(N_("enter the invoice or receipt number of your purchase"), "proof_of_purchase")
        )
    elif len(proof) > MAX_PROOF_LENGTH:
        problems.append(Problem(at_most_characters(MAX_PROOF_LENGTH), "proof_of_purchase"))
    return problems


def my_units(uow_factory: UnitOfWorkFactory, actor: Actor) -> list[Unit]:
    """The units the actor's account owns (a customer's "my products")."""
    if not actor.account_code:
        return []
    with uow_factory() as uow:
        found = [
            uow.units.get(b, s)
            for b, s in UnitOwnerRepository(uow.connection).owned_by(actor.account_code)
        ]
        return [unit for unit in found if unit is not None]


def my_unit(uow_factory: UnitOfWorkFactory, actor: Actor, brand: str, serial: str) -> Unit:
    """One of the actor's units; someone else's (or no such unit) is ``NotFound``.

    Staff see any unit.
    """
    wanted = parse_serial(serial)
    with uow_factory() as uow:
        unit = uow.units.get(brand, wanted)
        if unit is None or (not actor.is_staff and unit.owner != actor.account_code):
            raise NotFound(
                Said(
                    N_("you have no %(brand)s unit with serial %(serial)s"),
                    brand=brand,
                    serial=wanted,
                )
            )
        return unit


def my_unit_coverage(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    brand: str,
    serial: str,
    on: date,
) -> CheckResult:
    """Coverage of one of the actor's units on ``on`` (``NotFound`` for anyone else's)."""
    unit = my_unit(uow_factory, actor, brand, serial)
    return check_serial(uow_factory, book, unit.serial, on, brand=unit.brand)


def my_unit_extensions(
    uow_factory: UnitOfWorkFactory, actor: Actor, brand: str, serial: str
) -> list[GrantedExtension]:
    """The extended warranties granted to one of the actor's units, with their certificates."""
    unit = my_unit(uow_factory, actor, brand, serial)
    with uow_factory() as uow:
        unit_id = uow.units.id_of(unit.brand, unit.serial)
        return [] if unit_id is None else uow.extensions.granted_for_unit(unit_id)

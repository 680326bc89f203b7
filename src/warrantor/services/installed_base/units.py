"""Use cases on the installed base: list units, show one, register one.

Bulk loading is ``services.installed_base.unit_import``; the coverage check is
``services.installed_base.check``. A serial is unique per brand: ``show_unit`` accepts a
serial alone when one brand holds it and otherwise names the brands.

Who sees which unit (issue #6), enforced by ``list_visible_units`` and
``show_visible_unit`` (the API's reads) and ``may_see_unit``:

- staff (agent, technician, admin) see every unit;
- a customer sees the units it owns;
- a distributor sees the units the maker first invoiced to it;
- a dealer sees the units it sold. The only record of a dealer's sale is the
  maker's first invoice to a dealer that buys direct, so a dealer sees the
  units first invoiced to it, and one that buys through a distributor sees
  none (``dealer_note`` says so to the caller).

Anything else is ``NotFound``, worded exactly as for a serial nobody has.
``list_units`` and ``show_unit`` read without a rule, for the CLI (which runs
as the operator, on the server).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.units import Unit, latest_today, normalize_country, normalize_serial
from warrantor.errors import Ambiguous, InvalidInput, NotFound, Problem, Said
from warrantor.i18n.locales import N_
from warrantor.policy.book import PolicyBook
from warrantor.services.audit import changes as audit
from warrantor.services.installed_base.catalogue import (
    normalize_model,
    place_model,
    sync_policy_brands,
)
from warrantor.services.installed_base.coverage_projection import refresh_serials
from warrantor.services.paging import Page, check_limit, decode_cursor, page_of
from warrantor.services.sentences import no_unit
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.unit_scope import Relation, UnitScopeRepository
from warrantor.store.units import UnitFilter, UnitRecord

CHANNELS = ("direct", "distributor", "reseller", "retail", "online")
"""How a unit reached its owner (an import or a registration names one of these, or none)."""


def may_see_unit(actor: Actor | None, unit: Unit) -> bool:
    """Whether ``actor`` may see ``unit`` and what is known about its owner."""
    if actor is None:
        return False
    if actor.is_staff:
        return True
    if actor.account_code is None:
        return False
    if actor.role is Role.CUSTOMER:
        return unit.owner == actor.account_code
    if actor.role in (Role.DISTRIBUTOR, Role.DEALER):
        return unit.first_invoiced_to == actor.account_code
    return False


DEALER_NOTE = (
    "A dealer sees the units the maker invoiced to it; there is no record of "
    "units it sold that it bought through a distributor."
)


def list_visible_units(
    uow_factory: UnitOfWorkFactory, actor: Actor, filters: UnitFilter
) -> list[Unit]:
    """``list_units``, narrowed to what ``actor`` may see (see the module's rules)."""
    if actor.is_staff:
        return list_units(uow_factory, filters)
    _check_filters(filters)
    if actor.account_code is None:
        return []
    relation: Relation = "owner" if actor.role is Role.CUSTOMER else "first_invoiced_to"
    with uow_factory() as uow:
        return UnitScopeRepository(uow.connection).list_for(actor.account_code, relation, filters)


UNITS_LIST = "units"
"""The units list's name in its page cursors (by brand, then serial; the key is the brand's
name and the serial)."""
UNITS_PAGE_MAX = 10_000


def page_visible_units(
    uow_factory: UnitOfWorkFactory, actor: Actor, filters: UnitFilter, cursor: str | None = None
) -> Page[Unit]:
    """One page of ``list_visible_units``: ``filters.limit`` units after ``cursor``.

    Not counted (``total`` is ``None``): the installed base is a full-table
    list, and an exact count of a million units costs more than the page."""
    check_limit(filters.limit, UNITS_PAGE_MAX)
    after = decode_cursor(UNITS_LIST, cursor, (str, str))
    wanted = replace(
        filters, limit=filters.limit + 1, after=(str(after[0]), str(after[1])) if after else None
    )
    found = list_visible_units(uow_factory, actor, wanted)
    return page_of(found, filters.limit, UNITS_LIST, lambda unit: (unit.brand, unit.serial))


def show_visible_unit(
    uow_factory: UnitOfWorkFactory, actor: Actor, serial: str, brand: str | None = None
) -> Unit:
    """``show_unit``, for ``actor``: someone else's unit is ``NotFound``, as if there were none."""
    with uow_factory() as uow:
        try:
            unit = find_unit(uow, serial, brand)
        except Ambiguous:
            if actor.is_staff:
                raise
            unit = None
        if unit is None or not may_see_unit(actor, unit):
            wanted = parse_serial(serial)
            raise NotFound(no_unit(wanted, brand.strip() if brand else None))
        return unit


def list_units(uow_factory: UnitOfWorkFactory, filters: UnitFilter) -> list[Unit]:
    """Units matching ``filters`` (brand, model, line, country, purchase days), of any owner."""
    _check_filters(filters)
    with uow_factory(read_only=True) as uow:
        return uow.units.list(filters)


def _check_filters(filters: UnitFilter) -> None:
    if filters.limit < 1:
        raise InvalidInput("limit must be at least 1", [Problem("must be at least 1", "limit")])
    if (
        filters.purchased_from
        and filters.purchased_to
        and filters.purchased_from > filters.purchased_to
    ):
        raise InvalidInput(
            "purchased-from is after purchased-to",
            [Problem("is after purchased_to", "purchased_from")],
        )


def parse_serial(raw: str) -> str:
    """A serial as stored (see ``normalize_serial``), or ``InvalidInput`` naming ``serial``."""
    try:
        return normalize_serial(raw)
    except ValueError as error:
        said = error.args[0]  # a Said (domain.units): a page translates it
        invalid = Said(N_("invalid serial '%(raw)s': %(why)s"), raw=raw, why=said)
        raise InvalidInput(invalid, [Problem(said, "serial")]) from None


def brand_holding(uow: UnitOfWork, serial: str) -> str:
    """The one brand holding ``serial`` (normalised); ``NotFound`` or ``Ambiguous`` otherwise."""
    brands = uow.units.find_serial(serial)
    if not brands:
        raise NotFound(no_unit(serial))
    if len(brands) > 1:
        held = N_("serial %(serial)s is held by several brands; name one with --brand")
        raise Ambiguous(Said(held, serial=serial), brands)
    return brands[0]


def find_unit(uow: UnitOfWork, serial: str, brand: str | None = None) -> Unit:
    """The unit with ``serial`` (normalised), of ``brand`` if given, inside an open unit of work.

    Raises ``NotFound`` naming the serial (and brand), or ``Ambiguous`` listing
    the brands that hold the serial when no brand was given.
    """
    wanted = parse_serial(serial)
    if brand is not None:
        unit = uow.units.get(brand.strip(), wanted)
        if unit is None:
            raise NotFound(no_unit(wanted, brand.strip()))
        return unit
    unit = uow.units.get(brand_holding(uow, wanted), wanted)
    assert unit is not None  # find_serial just saw it, in this transaction
    return unit


def show_unit(uow_factory: UnitOfWorkFactory, serial: str, brand: str | None = None) -> Unit:
    """One unit, with the findings that void it; see ``find_unit`` for the errors."""
    with uow_factory() as uow:
        return find_unit(uow, serial, brand)


@dataclass(frozen=True, slots=True)
class Registration:
    """What is known about one unit being registered; ``None`` means "not known"."""

    brand: str
    serial: str
    model: str
    manufactured_on: date | None = None
    first_invoiced_on: date | None = None
    first_invoiced_to: str | None = None
    purchased_on: date | None = None
    proof_of_purchase: str | None = None
    country_of_purchase: str | None = None
    owner: str | None = None
    channel: str | None = None


def register_unit(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    registration: Registration,
    now: datetime,
    *,
    actor: Actor | None = None,
) -> tuple[Unit, bool]:
    """Store one unit (or replace what is known about it); returns it and whether it is new.

    The same rules as an import row: a model no policy places, an unknown
    account, a purchase before manufacture are ``InvalidInput`` naming the field.
    A new unit or a changed fact is recorded in the audit trail, naming
    ``actor`` (the CLI operator when not given).
    """
    who = actor or Actor.operator()
    problems: list[Problem] = []
    try:
        serial = normalize_serial(registration.serial)
    except ValueError as error:
        problems.append(Problem(str(error), "serial"))
    country = None
    if registration.country_of_purchase:
        try:
            country = normalize_country(registration.country_of_purchase)
        except ValueError as error:
            problems.append(Problem(str(error), "country_of_purchase"))
    channel = registration.channel.strip().lower() if registration.channel else None
    if channel is not None and channel not in CHANNELS:
        problems.append(
            Problem(f"unknown channel {channel!r}; known: {', '.join(CHANNELS)}", "channel")
        )
    problems.extend(
        date_order_problems(
            registration.manufactured_on, registration.first_invoiced_on, registration.purchased_on
        )
    )
    problems.extend(
        future_date_problems(
            latest_today(now),
            {
                "manufactured_on": registration.manufactured_on,
                "first_invoiced_on": registration.first_invoiced_on,
                "purchased_on": registration.purchased_on,
            },
        )
    )
    if problems:
        raise InvalidInput(f"cannot register unit {registration.serial!r}", problems)

    with uow_factory() as uow:
        brand = sync_policy_brands(uow, book).get(registration.brand.strip().lower())
        if brand is None:
            raise InvalidInput(
                f"unknown brand {registration.brand!r}",
                [Problem(f"no policy is loaded for brand {registration.brand!r}", "brand")],
            )
        model = normalize_model(registration.model)
        model_id = place_model(uow, book, brand.name, model, actor=who, now=now)
        invoiced_to = _account_id(
            uow, registration.first_invoiced_to, "first_invoiced_to", direct=True
        )
        owner = _account_id(uow, registration.owner, "owner", direct=False)
        record = UnitRecord(
            brand_id=brand.id,
            serial=serial,
            model_id=model_id,
            manufactured_on=registration.manufactured_on,
            first_invoiced_on=registration.first_invoiced_on,
            first_invoiced_to_id=invoiced_to,
            purchased_on=registration.purchased_on,
            proof_of_purchase=registration.proof_of_purchase or None,
            country_of_purchase=country,
            owner_id=owner,
            channel=channel,
        )
        before = uow.units.get(brand.name, serial)
        created = uow.units.upsert(record, now)
        refresh_serials(uow, book, [(brand.name, serial)])
        unit = uow.units.get(brand.name, serial)
        assert unit is not None
        audit.unit_changed(uow, who, now, before, unit)
        return unit, created


def date_order_problems(
    manufactured_on: date | None, first_invoiced_on: date | None, purchased_on: date | None
) -> list[Problem]:
    """A unit is made, then invoiced by the maker, then bought by its owner: never the other way."""
    made, invoiced, bought = manufactured_on, first_invoiced_on, purchased_on
    problems = []
    if made and bought and bought < made:
        message = N_("purchased on %(bought)s, before it was manufactured on %(made)s")
        problems.append(Problem(Said(message, bought=bought, made=made), "purchased_on"))
    if made and invoiced and invoiced < made:
        message = N_("first invoiced on %(invoiced)s, before it was manufactured on %(made)s")
        problems.append(Problem(Said(message, invoiced=invoiced, made=made), "first_invoiced_on"))
    if invoiced and bought and bought < invoiced:
        message = N_("purchased on %(bought)s, before the maker first invoiced it on %(invoiced)s")
        problems.append(Problem(Said(message, bought=bought, invoiced=invoiced), "purchased_on"))
    return problems


def future_date_problems(latest: date, dates: dict[str, date | None]) -> list[Problem]:
    """Each of ``dates`` (field -> day) later than ``latest`` (``domain.units.latest_today``:
    today in UTC+14, the first time zone into each day) names its field: nothing was made,
    invoiced or bought on a day that has not begun anywhere."""
    after = N_("%(day)s is after today (%(latest)s in UTC+14, where each day begins)")
    return [
        Problem(Said(after, day=day, latest=latest), field)
        for field, day in dates.items()
        if day is not None and day > latest
    ]


def _account_id(uow: UnitOfWork, code: str | None, field: str, direct: bool) -> int | None:
    if not code:
        return None
    account = uow.accounts.get(code.strip())
    if account is None:
        raise InvalidInput(
            f"no account has code {code!r}", [Problem(f"no account has code {code}", field)]
        )
    if direct and not account.is_direct_customer:
        raise InvalidInput(
            f"account {code} is not a direct customer",
            [Problem(f"account {code} is not a direct customer of the maker", field)],
        )
    return uow.accounts.id_of(code.strip())

"""Use case: open an RMA (issue #5, item 1).

The customer opens it, or the dealer, retailer or distributor they bought
from opens it for them (Netac sends customers back to their point of
purchase; QNAP's global warranty to the nearest retailer), or an agent does
on the phone. The request names the unit (serial, brand), the symptom, a
contact, the proof of purchase, where service is asked (country, service
point), and carries the customer's acknowledgement that backing up data is
their responsibility: without it the request is refused, citing the
policy's clause.

Where service is asked: a service point is one of the policy's service
centres or a dealer/distributor account (a point of purchase). Without one,
the centre serving the country is used; a dealer or distributor opening for
a country no centre serves handles the return itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import OPEN_STATES, Rma, RmaTransition, named_state, opening_step
from warrantor.domain.units import Unit, normalize_country
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
from warrantor.policy.decision import Decision
from warrantor.policy.facts import Facts
from warrantor.policy.model import Policy
from warrantor.policy.rma_desk import centre_named, centres, policy_for
from warrantor.policy.rma_refusals import (
    ReplacedBy,
    backup_acknowledgement,
    opening_on_replaced_unit,
    service_place,
)
from warrantor.policy.service_terms import service_centre
from warrantor.services.installed_base.units import find_unit
from warrantor.services.rma.notices import tell_requested
from warrantor.services.rma.refusals import enforce
from warrantor.services.rma.timeline_reasons import OPENED
from warrantor.services.sentences import no_unit
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.coverage_read import CoverageReader
from warrantor.store.rmas import NewRma, RmaFilter

OPENER_ROLES = frozenset({Role.CUSTOMER, Role.DEALER, Role.DISTRIBUTOR, Role.AGENT, Role.ADMIN})
POINT_OF_PURCHASE_KINDS = ("dealer", "distributor")


@dataclass(frozen=True, slots=True)
class RmaRequest:
    """What the person asking for service tells the desk."""

    serial: str
    symptom: str
    contact_name: str
    contact_email: str
    backup_acknowledged: bool
    brand: str | None = None
    proof_of_purchase: str | None = None
    service_country: str | None = None
    service_point: str | None = None
    customer: str | None = None
    """The customer's account code, when a dealer or agent opens for a known customer."""


def open_rma(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    request: RmaRequest,
    now: datetime,
) -> Rma:
    """Store a new RMA in the state opening leads to (``requested``); returns it.

    ``InvalidInput`` names the field that is wrong; ``Refused`` cites the
    policy's data-backup clause when the acknowledgement is missing;
    ``Refused`` (citing the remedy rule) for a unit already replaced on an RMA;
    ``Conflict`` when the unit already has an open RMA; ``NotFound`` for a
    unit the customer may not open an RMA on.
    """
    if actor.role not in OPENER_ROLES:
        raise PermissionDenied(
            Said(N_("a %(role)s does not open RMAs"), role=Said(actor.role.value))
        )
    _check_text(request)
    with uow_factory() as uow:
        unit = find_unit(uow, request.serial, request.brand)
        if actor.role is Role.CUSTOMER and unit.owner not in (None, actor.account_code):
            raise NotFound(no_unit(unit.serial, unit.brand))
        policy = policy_for(book, unit.brand)
        enforce(backup_acknowledgement(policy, request.backup_acknowledged))
        country = _country(request, unit)
        point = _service_point(uow, policy, actor, country, request.service_point)
        unit_id = uow.units.id_of(unit.brand, unit.serial)
        assert unit_id is not None  # find_unit just read it
        _check_not_replaced(uow, policy, unit, unit_id)
        _check_no_open_rma(uow, unit)
        proof = (request.proof_of_purchase or "").strip() or unit.proof_of_purchase
        _check_served_here(uow, book, policy, unit, proof, country, now)
        opened = opening_step()
        rma_id = uow.rmas.add(
            NewRma(
                unit_id=unit_id,
                brand=unit.brand,
                serial=unit.serial,
                model=unit.model,
                customer_account_id=_customer_id(uow, actor, request, unit),
                opened_by_account_id=(
                    uow.accounts.id_of(actor.account_code) if actor.account_code else None
                ),
                opened_by_label=actor.label,
                contact_name=request.contact_name.strip(),
                contact_email=request.contact_email.strip(),
                symptom=request.symptom.strip(),
                backup_acknowledged_at=now,
                proof_of_purchase=proof,
                service_country=country,
                service_point=point,
            ),
            opened,
            now,
        )
        uow.rmas.add_transition(
            RmaTransition(
                rma_id=rma_id,
                event=opened.event,
                from_state=opened.from_state,
                to_state=opened.to_state,
                actor=actor.label,
                actor_user_id=actor.user_id,
                reason=Said(OPENED, symptom=request.symptom.strip()),
                at=now,
            )
        )
        rma = uow.rmas.get(rma_id)
        assert rma is not None
        tell_requested(uow, rma, now)
        return rma


def _check_served_here(
    uow: UnitOfWork,
    book: PolicyBook,
    policy: Policy,
    unit: Unit,
    proof: str | None,
    country: str,
    now: datetime,
) -> None:
    """Where the unit can't be served (its global years over, bought in another region), say
    so now, with the clauses, rather than after the unit was shipped (the claim is judged
    as the desk will: today, in ``country``, with the proof of purchase the request gives)."""
    decision = _claim_decision(uow, book, unit, proof, country, now)
    if decision is not None:
        enforce(service_place(policy, decision))


def _claim_decision(
    uow: UnitOfWork,
    book: PolicyBook,
    unit: Unit,
    proof: str | None,
    country: str | None,
    now: datetime,
) -> Decision | None:
    """The claim judged as the desk will: today, in ``country``, with ``proof``."""
    found = CoverageReader(uow.connection).read(unit.brand, unit.serial)
    if found is None:
        return None
    claim = Facts(
        unit=replace(found.unit, proof_of_purchase=proof),
        on=now.date(),
        reading=found.reading,
        extensions=found.extensions,
        repair_coverages=found.repair_coverages,
        is_claim=True,
        service_country=country,
    )
    return book.evaluate(claim)


@dataclass(frozen=True, slots=True)
class OpeningCoverage:
    """An opened RMA's claim as the desk will judge it, for the answer to the opening."""

    unit: Unit
    decision: Decision


def coverage_at_opening(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, rma: Rma, now: datetime
) -> OpeningCoverage | None:
    """The claim of ``rma`` (just opened) judged today, in its service country, with its
    proof of purchase: an RMA for a unit not covered today is told so at once, with the
    paid repair it can still have (issue #25, item 4), instead of finding out at the
    decision. ``None`` when the unit's coverage can't be read."""
    with uow_factory(read_only=True) as uow:
        unit = find_unit(uow, rma.serial, rma.brand)
        decision = _claim_decision(uow, book, unit, rma.proof_of_purchase, rma.service_country, now)
    return None if decision is None else OpeningCoverage(unit, decision)


def _check_text(request: RmaRequest) -> None:
    problems: list[Problem] = []
    if not request.symptom.strip():
        problems.append(Problem(N_("describe what is wrong with the unit"), "symptom"))
    if not request.contact_name.strip():
        problems.append(Problem(N_("a name to contact is needed"), "contact_name"))
    email = request.contact_email.strip()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email:
        wrong = Said(N_("'%(email)s' is not an e-mail address"), email=email)
        problems.append(Problem(wrong, "contact_email"))
    if problems:
        raise InvalidInput("the RMA request is incomplete", problems)


def _country(request: RmaRequest, unit: Unit) -> str:
    raw = request.service_country or unit.country_of_purchase
    if not raw:
        raise InvalidInput(
            "say in which country service is asked",
            [Problem(N_("needed: the unit's country of purchase is not known"), "service_country")],
        )
    try:
        return normalize_country(raw)
    except ValueError as error:
        said = error.args[0]  # a Said: the problem keeps it for the page to translate
        raise InvalidInput(str(error), [Problem(said, "service_country")]) from None


def _service_point(
    uow: UnitOfWork, policy: Policy, actor: Actor, country: str, wanted: str | None
) -> str:
    known = ", ".join(f"{c.id} ({c.country})" for c in centres(policy)) or Said(N_("none"))
    if wanted and wanted.strip():
        point = wanted.strip()
        if centre_named(policy, point) is not None:
            return point
        account = uow.accounts.get(point)
        if account is not None and account.kind in POINT_OF_PURCHASE_KINDS:
            return account.code
        neither = N_(
            "%(point)s is neither a service centre of the %(brand)s policy (%(known)s) "
            "nor a dealer or distributor"
        )
        said = Said(neither, point=repr(point), brand=policy.brand, known=known)
        raise InvalidInput(said, [Problem(said, "service_point")])
    try:
        return service_centre(policy, None, country).id
    except NotFound:
        if actor.role in (Role.DEALER, Role.DISTRIBUTOR) and actor.account_code:
            return actor.account_code
        no_centre = N_(
            "the %(brand)s policy has no service centre in %(country)s (its centres: "
            "%(known)s); name a service point, such as the dealer the unit was bought from"
        )
        said = Said(no_centre, brand=policy.brand, country=country, known=known)
        raise InvalidInput(said, [Problem(said, "service_country")]) from None
    except Ambiguous as error:
        message = f"{error.message}: {', '.join(error.choices)}"
        raise InvalidInput(message, [Problem(message, "service_point")]) from None


def _check_no_open_rma(uow: UnitOfWork, unit: Unit) -> None:
    open_ones = uow.rmas.list(
        RmaFilter(states=OPEN_STATES, brand=unit.brand, serial=unit.serial, limit=1)
    )
    if open_ones:
        found = open_ones[0]
        already = N_("the %(brand)s unit %(serial)s already has an open RMA (%(rma)s, %(state)s)")
        values = {"brand": unit.brand, "serial": unit.serial, "state": named_state(found.state)}
        raise Conflict(Said(already, **values, rma=found.number or f"#{found.id}"))


def _check_not_replaced(uow: UnitOfWork, policy: Policy, unit: Unit, unit_id: int) -> None:
    """A unit already replaced on an RMA is refused (``opening_on_replaced_unit``), naming
    the replacement to open the RMA on."""
    replaced = [
        r for r in uow.workshop.replacements_touching([unit_id]) if r.original_serial == unit.serial
    ]
    last = replaced[-1] if replaced else None
    by = ReplacedBy(last.replacement_serial, last.replaced_at.date()) if last else None
    enforce(opening_on_replaced_unit(policy, unit.serial, by))


def _customer_id(uow: UnitOfWork, actor: Actor, request: RmaRequest, unit: Unit) -> int | None:
    if actor.role is Role.CUSTOMER:
        return uow.accounts.id_of(actor.account_code) if actor.account_code else None
    code = (request.customer or "").strip() or unit.owner
    if not code:
        return None
    account_id = uow.accounts.id_of(code)
    if account_id is None:
        raise InvalidInput(f"no account {code!r}", [Problem(f"no account {code!r}", "customer")])
    return account_id

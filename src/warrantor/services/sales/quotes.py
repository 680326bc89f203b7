"""Use cases: a distributor buys extensions in bulk (quote, accept, pay, assign, settle).

QNAP's text: "the distributor should inform QNAP of the product model, quantity
and the extended warranty period to purchase. QNAP will reply with the price
quote to the distributor. If the distributor should accept the price and pay
for the extended warranty, QNAP will provide the proof of purchase after
authorizing the payment." So: a quote request (model, quantity, years) gets a
price (unit price from the list in force x quantity) and an expiry
(``domain.sales.QUOTE_VALID_DAYS``); the distributor accepts; staff record the
payment; the distributor then assigns serials, each checked like a direct
sale (of the quoted model, first invoiced to that distributor, inside its own
purchase window and every other offer rule), and each assigned serial gets its
extension and certificate.

Paid quantity not yet assigned is a balance both sides see. It stays usable
through ``domain.sales.assignable_until`` (payment day + the policy's purchase
window); after that ``settle_due`` converts what is left into a credit note
(remaining x unit price) for the distributor. Staff may instead settle a
balance early as a refund (``settle_quote``). Either way the settlement is
recorded on the quote, so paid money is always coverage or a visible balance
or a recorded credit/refund.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError

from warrantor.certificates.keys import KeyRing
from warrantor.domain.actors import Actor, Role
from warrantor.domain.money import normalize_currency
from warrantor.domain.quote_lifecycle import quote_step, requesting_step
from warrantor.domain.sales import (
    Assignment,
    Balance,
    GrantedExtension,
    Quote,
    QuoteStatus,
    RefusedAttempt,
    Settlement,
    assignable_until,
    quote_expires_on,
)
from warrantor.domain.units import Unit, normalize_serial
from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem, Refused
from warrantor.policy.book import PolicyBook
from warrantor.policy.extension_terms import purchase_window_days
from warrantor.policy.offers import OfferOutcome
from warrantor.services.installed_base.catalogue import normalize_model
from warrantor.services.installed_base.coverage_projection import refresh_projections
from warrantor.services.sales.common import (
    PAYMENT_ROLES,
    buyer_account,
    offer_for,
    price_in_force,
    require_allowed,
    require_payment_staff,
    require_taken,
    sees_everything,
)
from warrantor.services.sales.grants import grant_extension
from warrantor.services.sales.payments import Charge, PaymentMethod
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.sales_quotes import NewQuote

MAX_QUANTITY = 100_000
UNKNOWN_SERIAL = "no unit with this serial was first invoiced to you"
"""The one answer for a serial that does not exist and for one invoiced to someone else,
so a distributor can't learn whose units other serials are."""


@dataclass(frozen=True, slots=True)
class QuoteDetail:
    """A quote with its assignments, refused attempts and how long its balance lasts."""

    quote: Quote
    assignments: list[Assignment]
    refusals: list[RefusedAttempt]
    usable_until: date | None


@dataclass(frozen=True, slots=True)
class AssignmentResult:
    quote: Quote
    granted: list[GrantedExtension]


def _may_trade(actor: Actor) -> None:
    if actor.role is not Role.DISTRIBUTOR and actor.role not in PAYMENT_ROLES:
        raise PermissionDenied("quotes are for distributors (and support agents or admins)")


def _window_days(book: PolicyBook, brand: str) -> int | None:
    return purchase_window_days(book.version_for(brand, None))


def _usable_until(book: PolicyBook, quote: Quote) -> date | None:
    days = _window_days(book, quote.brand)
    if quote.paid_on is None or days is None:
        return None
    return assignable_until(quote.paid_on, days)


def _visible_quote(uow: UnitOfWork, actor: Actor, quote_id: int, for_update: bool = False) -> Quote:
    quote = uow.extensions.quotes.get(quote_id, for_update=for_update)
    if quote is None or not (sees_everything(actor) or quote.account_code == actor.account_code):
        raise NotFound(f"no extension quote {quote_id}")
    return quote


def request_quote(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    *,
    brand: str,
    model: str,
    quantity: int,
    years: int,
    now: datetime,
    account: str | None = None,
    currency: str | None = None,
) -> Quote:
    """Price ``quantity`` x +``years`` on ``model`` for a distributor, valid 30 days.

    The engine is asked as for a unit of that model first invoiced to the
    distributor today: a period the line doesn't offer, over the maximum, a
    buyer who is not a direct customer or outside the valid countries is
    ``Refused`` with its clause, before any price is given.
    """
    _may_trade(actor)
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidInput(
            "invalid quantity", [Problem(f"must be 1 to {MAX_QUANTITY}", "quantity")]
        )
    if currency is not None:
        try:
            currency = normalize_currency(currency)
        except ValueError as error:
            raise InvalidInput(str(error), [Problem(str(error), "currency")]) from None
    on = now.date()
    model = normalize_model(model)
    policy = book.version_for(brand, None)
    line_id = book.product_line_of(brand, model)
    if line_id is None:
        raise InvalidInput(
            f"{model} is not a {policy.brand} model any policy covers",
            [Problem("unknown model", "model")],
        )
    with uow_factory() as uow:
        buyer = buyer_account(uow, actor, account, None)
        sample = Unit(
            brand=policy.brand,
            serial="QUOTE",
            model=model,
            product_line=line_id,
            first_invoiced_on=on,
            first_invoiced_to=buyer.code,
        )
        require_allowed(offer_for(policy, sample, on, years, buyer, ()), model)
        price = price_in_force(uow, policy.brand, line_id, years, on, currency)
        account_id = uow.accounts.id_of(buyer.code)
        assert account_id is not None
        new = NewQuote(
            account_id=account_id,
            brand=policy.brand,
            model=model,
            product_line=line_id,
            years=years,
            quantity=quantity,
            price_id=price.id,
            unit_price=price.price,
            requested_on=on,
            expires_on=quote_expires_on(on),
        )
        return uow.extensions.quotes.add(new, requesting_step(), actor.label, now)


def show_quote(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, actor: Actor, quote_id: int
) -> QuoteDetail:
    """A quote with its assignments and refusals: the distributor's own, or any for staff."""
    with uow_factory() as uow:
        quote = _visible_quote(uow, actor, quote_id)
        return QuoteDetail(
            quote,
            uow.extensions.quotes.assignments(quote.id),
            uow.extensions.quotes.refusals(quote.id),
            _usable_until(book, quote),
        )


def list_quotes(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    status: str | None = None,
    account: str | None = None,
    limit: int = 100,
) -> list[Quote]:
    """Quotes, newest first: staff see all (or one account's); a distributor its own."""
    with uow_factory() as uow:
        if not sees_everything(actor):
            account = actor.account_code
            if account is None:
                return []
        return uow.extensions.quotes.find(account, status, limit)


def accept_quote(
    uow_factory: UnitOfWorkFactory, actor: Actor, quote_id: int, now: datetime
) -> Quote:
    """The distributor accepts the price; after ``expires_on`` it can't (``Conflict``)."""
    _may_trade(actor)
    with uow_factory() as uow:
        quote = _visible_quote(uow, actor, quote_id, for_update=True)
        step = quote_step(quote, "accept", on=now.date())
        require_taken(uow.extensions.quotes.accept(quote.id, step, now), f"quote {quote_id}")
        accepted = uow.extensions.quotes.get(quote.id)
        assert accepted is not None
        return accepted


def pay_quote(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    quote_id: int,
    method: PaymentMethod,
    reference: str,
    now: datetime,
) -> Quote:
    """Record the payment of an accepted quote; its whole quantity becomes the balance."""
    require_payment_staff(actor)
    with uow_factory() as uow:
        quote = _visible_quote(uow, actor, quote_id, for_update=True)
        step = quote_step(quote, "pay")
        charge = Charge("quote", quote.id, quote.account_code, quote.total)
        payment = method.collect(charge, actor, reference, now)
        uow.extensions.orders.add_payment(payment, quote_id=quote.id)
        paid_on = now.date()
        require_taken(uow.extensions.quotes.mark_paid(quote.id, step, paid_on), f"quote {quote_id}")
        paid = uow.extensions.quotes.get(quote.id)
        assert paid is not None
        return paid


@dataclass(frozen=True, slots=True)
class _Refusal:
    serial: str
    reason: str
    clause_ids: tuple[str, ...] = ()


def _judge(
    uow: UnitOfWork,
    book: PolicyBook,
    quote: Quote,
    raw: str,
    on: date,
    seen: set[str],
) -> tuple[Unit, int] | _Refusal:
    """The unit to assign, or why not (a serial not the distributor's: ``UNKNOWN_SERIAL``)."""
    try:
        serial = normalize_serial(raw)
    except ValueError as error:
        return _Refusal(raw, f"invalid serial: {error}")
    if serial in seen:
        return _Refusal(serial, "this serial appears twice in the request")
    seen.add(serial)
    unit = uow.units.get(quote.brand, serial)
    if unit is None or unit.first_invoiced_to != quote.account_code:
        return _Refusal(serial, UNKNOWN_SERIAL)
    unit_id = uow.units.id_of(unit.brand, unit.serial)
    assert unit_id is not None
    if unit.model != quote.model:
        return _Refusal(serial, f"this unit is a {unit.model}; the quote is for {quote.model}")
    already = uow.extensions.quotes.assignment_of_unit(unit_id)
    if already is not None:
        return _Refusal(serial, f"this serial is already assigned (quote {already})")
    buyer = uow.accounts.get(quote.account_code)
    assert buyer is not None
    existing = uow.extensions.for_unit(unit.brand, unit.serial)
    offer = offer_for(book.judging(unit), unit, on, quote.years, buyer, existing)
    if offer.outcome is not OfferOutcome.ALLOWED:
        return _Refusal(serial, offer.summary, offer.clause_ids)
    return unit, unit_id


def assign_serials(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    keys: KeyRing,
    actor: Actor,
    quote_id: int,
    serials: list[str],
    now: datetime,
) -> AssignmentResult:
    """Assign serials to a paid quote: all of them, or none.

    Every serial is judged first. If any is refused, each refusal is stored
    with its reason (the distributor and staff see them on the quote) and
    ``Refused`` lists them; nothing is assigned. Otherwise each unit gets its
    extension and certificate, in the same unit of work. A serial can be
    assigned once: checked here, and held by a unique constraint when two
    requests race (``Conflict``).
    """
    _may_trade(actor)
    if not serials:
        raise InvalidInput("name at least one serial", [Problem("is empty", "serials")])
    on = now.date()
    refused: list[_Refusal] = []
    try:
        with uow_factory() as uow:
            quote = _visible_quote(uow, actor, quote_id, for_update=True)
            _assignable(book, quote, on, len(serials))
            seen: set[str] = set()
            judged = [_judge(uow, book, quote, raw, on, seen) for raw in serials]
            refused = [j for j in judged if isinstance(j, _Refusal)]
            if refused:
                for refusal in refused:
                    uow.extensions.quotes.add_refusal(
                        quote.id,
                        refusal.serial,
                        refusal.reason,
                        refusal.clause_ids,
                        actor.label,
                        now,
                    )
                granted: list[GrantedExtension] = []
            else:
                buyer = uow.accounts.get(quote.account_code)
                assert buyer is not None
                granted = []
                for item in judged:
                    assert not isinstance(item, _Refusal)
                    unit, unit_id = item
                    uow.extensions.lock_unit(unit_id)
                    extension = grant_extension(
                        uow,
                        keys,
                        book.judging(unit),
                        unit,
                        years=quote.years,
                        purchased_on=on,
                        buyer=buyer,
                        now=now,
                    )
                    uow.extensions.quotes.add_assignment(
                        quote.id, unit_id, extension.id, actor.label, now
                    )
                    granted.append(extension)
                refresh_projections(
                    uow, book, [item[1] for item in judged if not isinstance(item, _Refusal)]
                )
            after = uow.extensions.quotes.get(quote.id)
            assert after is not None
    except IntegrityError:
        raise Conflict(
            "one of these serials was assigned by another request at the same time; "
            "nothing was assigned, look at the quote and try again"
        ) from None
    if refused:
        shown = "; ".join(
            f"{r.serial}: {r.reason}" + (f" ({', '.join(r.clause_ids)})" if r.clause_ids else "")
            for r in refused
        )
        clause_ids = list(dict.fromkeys(c for r in refused for c in r.clause_ids))
        raise Refused(
            f"{len(refused)} of {len(serials)} serials can't be assigned, so none was: {shown}",
            clause_ids,
        )
    return AssignmentResult(after, granted)


def _assignable(book: PolicyBook, quote: Quote, on: date, count: int) -> None:
    if quote.status is QuoteStatus.SETTLED:
        raise Conflict(
            f"quote {quote.id} is settled ({quote.settlement}); nothing is left to assign"
        )
    if quote.status is not QuoteStatus.PAID:
        raise Conflict(
            f"quote {quote.id} is {quote.status.value}; serials are assigned after payment"
        )
    until = _usable_until(book, quote)
    if until is not None and on > until:
        raise Conflict(
            f"quote {quote.id}'s balance was usable until {until.isoformat()}; "
            "it is settled as a credit note"
        )
    if count > quote.remaining:
        raise Conflict(
            f"quote {quote.id} has {quote.remaining} of {quote.quantity} left to assign, "
            f"not {count}"
        )


def balances(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    account: str | None = None,
) -> list[Balance]:
    """Paid quotes with what they still hold (settled ones show what became of it)."""
    quotes = [
        q
        for status in (QuoteStatus.PAID.value, QuoteStatus.SETTLED.value)
        for q in list_quotes(uow_factory, actor, status, account, limit=10_000)
    ]
    return [
        Balance(
            quote_id=q.id,
            account_code=q.account_code,
            model=q.model,
            years=q.years,
            ordered=q.quantity,
            assigned=q.assigned,
            remaining=q.remaining,
            remaining_value=q.unit_price * q.remaining,
            usable_until=_usable_until(book, q),
            settlement=q.settlement,
        )
        for q in sorted(quotes, key=lambda q: q.id)
    ]


def settle_quote(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    quote_id: int,
    settlement: Settlement,
    reference: str,
    now: datetime,
) -> Quote:
    """Close a paid quote's balance as a credit note or a refund, recording its value."""
    require_payment_staff(actor)
    reference = reference.strip()
    if not reference:
        raise InvalidInput("a settlement needs a reference", [Problem("is empty", "reference")])
    with uow_factory() as uow:
        quote = _visible_quote(uow, actor, quote_id, for_update=True)
        return _settle(uow, quote, settlement, reference, now)


def _settle(
    uow: UnitOfWork, quote: Quote, settlement: Settlement, reference: str, now: datetime
) -> Quote:
    step = quote_step(quote, "settle")
    amount = quote.unit_price * quote.remaining
    settled_now = uow.extensions.quotes.settle(
        quote.id, step, settlement, quote.remaining, amount, reference, now
    )
    require_taken(settled_now, f"quote {quote.id}")
    settled = uow.extensions.quotes.get(quote.id)
    assert settled is not None
    return settled


def settle_due(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, actor: Actor, now: datetime
) -> list[Quote]:
    """Turn every balance past its usable-until day into a credit note; returns them.

    Run daily by staff (``warrantor extensions settle-due``); safe to run twice.
    """
    require_payment_staff(actor)
    on = now.date()
    settled: list[Quote] = []
    with uow_factory() as uow:
        for quote in uow.extensions.quotes.find(status=QuoteStatus.PAID.value, limit=1_000_000):
            until = _usable_until(book, quote)
            if quote.remaining and until is not None and on > until:
                locked = uow.extensions.quotes.get(quote.id, for_update=True)
                assert locked is not None
                reference = f"balance unused after {until.isoformat()}"
                settled.append(_settle(uow, locked, Settlement.CREDIT_NOTE, reference, now))
    return settled

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

This module holds a quote's own life (request, accept, pay, settle) and who
may see it; assigning serials to a paid quote, and the balances, are in
``services.sales.quote_assignments``; a quote's detail with its assigned serials and
refused attempts paged, in ``services.sales.quote_detail``.
"""

from __future__ import annotations

from datetime import date, datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.money import normalize_currency
from warrantor.domain.quote_lifecycle import quote_step, requesting_step
from warrantor.domain.sales import (
    Quote,
    QuoteStatus,
    Settlement,
    assignable_until,
    quote_expires_on,
)
from warrantor.domain.units import Unit
from warrantor.errors import N_, InvalidInput, NotFound, PermissionDenied, Problem, Refused, Said
from warrantor.policy.book import PolicyBook
from warrantor.policy.extension_terms import purchase_window_days
from warrantor.policy.model import Policy
from warrantor.policy.quote_rules import quote_terms
from warrantor.services.installed_base.catalogue import normalize_model
from warrantor.services.paging import Page
from warrantor.services.sales.common import (
    PAYMENT_ROLES,
    buyer_account,
    listed_account,
    lists_nothing,
    offer_for,
    page_newest_first,
    price_in_force,
    require_allowed,
    require_payment_staff,
    require_taken,
    sees_everything,
)
from warrantor.services.sales.payments import Charge, PaymentMethod
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.sales_quotes import NewQuote

MAX_QUANTITY = 100_000


def require_quote_trader(actor: Actor) -> None:
    """Quotes are traded by distributors and by payment staff; anyone else is refused."""
    if actor.role is not Role.DISTRIBUTOR and actor.role not in PAYMENT_ROLES:
        raise PermissionDenied(N_("quotes are for distributors (and support agents or admins)"))


def usable_until(book: PolicyBook, quote: Quote) -> date | None:
    """The last day a paid quote's balance may be assigned (None: unpaid, or no window)."""
    days = purchase_window_days(book.version_for(quote.brand, None))
    if quote.paid_on is None or days is None:
        return None
    return assignable_until(quote.paid_on, days)


def visible_quote(uow: UnitOfWork, actor: Actor, quote_id: int, for_update: bool = False) -> Quote:
    """The quote if ``actor`` may see it (staff: any; a distributor: its own), else NotFound."""
    quote = uow.extensions.quotes.get(quote_id, for_update=for_update)
    if quote is None or not (sees_everything(actor) or quote.account_code == actor.account_code):
        raise NotFound(Said(N_("no extension quote %(quote)s"), quote=str(quote_id)))
    return quote


def _stored_after(uow: UnitOfWork, taken: bool, quote_id: int) -> Quote:
    """The quote as stored after a step its machine allowed; ``Conflict`` when the step was
    not taken (another request moved the quote first)."""
    require_taken(taken, Said(N_("quote %(quote)s"), quote=str(quote_id)))
    stored = uow.extensions.quotes.get(quote_id)
    assert stored is not None
    return stored


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
    require_quote_trader(actor)
    if not 1 <= quantity <= MAX_QUANTITY:
        most = Said(N_("must be 1 to %(most)s"), most=MAX_QUANTITY)
        raise InvalidInput("invalid quantity", [Problem(most, "quantity")])
    if currency is not None:
        try:
            currency = normalize_currency(currency)
        except ValueError as error:
            raise InvalidInput(str(error), [Problem(str(error), "currency")]) from None
    on = now.date()
    model = normalize_model(model)
    policy = book.version_for(brand, None)
    _require_quote_terms(policy, {"model": model, "quantity": quantity, "extension_years": years})
    line_id = book.product_line_of(brand, model)
    if line_id is None:
        raise InvalidInput(
            f"{model} is not a {policy.brand} model any policy covers",
            [Problem(N_("unknown model"), "model")],
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


def _require_quote_terms(policy: Policy, sent: dict[str, object]) -> None:
    """The policy's ``extension_quote`` rule shapes the request: a brand without one sells no
    extension by quote (``Refused``); each thing it says the distributor sends must be given."""
    terms = quote_terms(policy)
    if terms is None:
        no_quotes = N_("the %(brand)s policy sells no extensions by a distributor's quote")
        raise Refused(Said(no_quotes, brand=policy.brand), [])
    missing = [name for name in terms.distributor_sends if not sent.get(name)]
    if missing:
        needs = N_("the quote needs it (%(clauses)s)")
        raise InvalidInput(
            f"the {policy.brand} policy asks the distributor for {', '.join(missing)}",
            [Problem(Said(needs, clauses=", ".join(terms.clause_ids)), m) for m in missing],
        )


def list_quotes(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    status: str | None = None,
    account: str | None = None,
    limit: int = 100,
) -> list[Quote]:
    """Quotes, newest first: staff see all (or one account's); a distributor its own."""
    if lists_nothing(actor):
        return []
    with uow_factory() as uow:
        return uow.extensions.quotes.find(listed_account(actor, account), status, limit)


def page_quotes(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    status: str | None = None,
    account: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[Quote]:
    """One page of ``list_quotes`` (newest first) after ``cursor``; not counted."""
    return page_newest_first(
        uow_factory,
        actor,
        account,
        limit,
        cursor,
        "quotes",
        lambda uow, owner, most, before: uow.extensions.quotes.find(
            owner, status, most, before_id=before
        ),
    )


def accept_quote(
    uow_factory: UnitOfWorkFactory, actor: Actor, quote_id: int, now: datetime
) -> Quote:
    """The distributor accepts the price; after ``expires_on`` it can't (``Conflict``)."""
    require_quote_trader(actor)
    with uow_factory() as uow:
        quote = visible_quote(uow, actor, quote_id, for_update=True)
        step = quote_step(quote, "accept", on=now.date())
        return _stored_after(uow, uow.extensions.quotes.accept(quote.id, step, now), quote.id)


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
        quote = visible_quote(uow, actor, quote_id, for_update=True)
        step = quote_step(quote, "pay")
        charge = Charge("quote", quote.id, quote.account_code, quote.total)
        payment = method.collect(charge, actor, reference, now)
        uow.extensions.orders.add_payment(payment, quote_id=quote.id)
        paid_on = now.date()
        paid = uow.extensions.quotes.mark_paid(quote.id, step, paid_on)
        return _stored_after(uow, paid, quote.id)


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
        quote = visible_quote(uow, actor, quote_id, for_update=True)
        return _settle(uow, quote, settlement, reference, now)


def _settle(
    uow: UnitOfWork, quote: Quote, settlement: Settlement, reference: str, now: datetime
) -> Quote:
    step = quote_step(quote, "settle")
    amount = quote.unit_price * quote.remaining
    settled_now = uow.extensions.quotes.settle(
        quote.id, step, settlement, quote.remaining, amount, reference, now
    )
    return _stored_after(uow, settled_now, quote.id)


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
            until = usable_until(book, quote)
            if quote.remaining and until is not None and on > until:
                locked = uow.extensions.quotes.get(quote.id, for_update=True)
                assert locked is not None
                reference = f"balance unused after {until.isoformat()}"
                settled.append(_settle(uow, locked, Settlement.CREDIT_NOTE, reference, now))
    return settled

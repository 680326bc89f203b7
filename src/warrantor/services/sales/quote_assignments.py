"""Use case: a distributor assigns serials to a paid quote, and sees what its quotes still hold.

The second half of the bulk purchase in ``services.sales.quotes``: once a quote
is paid, the distributor names the units the extensions go to. Each serial is
checked like a direct sale (of the quoted model, first invoiced to that
distributor, inside its own purchase window and every other offer rule); all
of them are assigned or none is, and each assigned unit gets its extension and
certificate. ``balances`` shows what each paid quote still holds until it is
settled (``quotes.settle_quote``, ``quotes.settle_due``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError

from warrantor.certificates.keys import KeyRing
from warrantor.domain.actors import Actor
from warrantor.domain.sales import Balance, GrantedExtension, Quote, QuoteStatus
from warrantor.domain.units import Unit, normalize_serial
from warrantor.errors import N_, Conflict, InvalidInput, Problem, Refused, Said
from warrantor.policy.book import PolicyBook
from warrantor.policy.offers import OfferOutcome
from warrantor.services.installed_base.coverage_projection import refresh_projections
from warrantor.services.paging import MAX_PAGE, Page
from warrantor.services.sales.common import offer_for, page_newest_first
from warrantor.services.sales.grants import grant_extension
from warrantor.services.sales.quotes import (
    require_quote_trader,
    usable_until,
    visible_quote,
)
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory

UNKNOWN_SERIAL = "no unit with this serial was first invoiced to you"
"""The one answer for a serial that does not exist and for one invoiced to someone else,
so a distributor can't learn whose units other serials are."""


@dataclass(frozen=True, slots=True)
class AssignmentResult:
    """The quote after an assignment, and the extensions it granted."""

    quote: Quote
    granted: list[GrantedExtension]


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
    require_quote_trader(actor)
    if not serials:
        raise InvalidInput("name at least one serial", [Problem(N_("is empty"), "serials")])
    on = now.date()
    refused: list[_Refusal] = []
    try:
        with uow_factory() as uow:
            quote = visible_quote(uow, actor, quote_id, for_update=True)
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
            N_(
                "one of these serials was assigned by another request at the same time; "
                "nothing was assigned, look at the quote and try again"
            )
        ) from None
    if refused:
        shown = "; ".join(
            f"{r.serial}: {r.reason}" + (f" ({', '.join(r.clause_ids)})" if r.clause_ids else "")
            for r in refused
        )
        clause_ids = list(dict.fromkeys(c for r in refused for c in r.clause_ids))
        none = N_("%(refused)s of %(serials)s serials can't be assigned, so none was: %(why)s")
        raise Refused(Said(none, refused=len(refused), serials=len(serials), why=shown), clause_ids)
    return AssignmentResult(after, granted)


def _assignable(book: PolicyBook, quote: Quote, on: date, count: int) -> None:
    if quote.status is QuoteStatus.SETTLED:
        settled = N_("quote %(quote)s is settled (%(settlement)s); nothing is left to assign")
        raise Conflict(Said(settled, quote=str(quote.id), settlement=str(quote.settlement)))
    if quote.status is not QuoteStatus.PAID:
        unpaid = N_("quote %(quote)s is %(status)s; serials are assigned after payment")
        raise Conflict(Said(unpaid, quote=str(quote.id), status=quote.status.value))
    until = usable_until(book, quote)
    if until is not None and on > until:
        expired = N_(
            "quote %(quote)s's balance was usable until %(until)s; it is settled as a credit note"
        )
        raise Conflict(Said(expired, quote=str(quote.id), until=until))
    if count > quote.remaining:
        left = N_("quote %(quote)s has %(remaining)s of %(quantity)s left to assign, not %(count)s")
        raise Conflict(
            Said(
                left,
                quote=str(quote.id),
                remaining=quote.remaining,
                quantity=quote.quantity,
                count=count,
            )
        )


BALANCE_STATUSES = (QuoteStatus.PAID.value, QuoteStatus.SETTLED.value)
"""The quotes a balance is shown for: paid ones, and settled ones (what became of it)."""


def page_balances(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    account: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[Balance]:
    """One page of the paid quotes with what they still hold (settled ones show what
    became of it), newest first by quote id after ``cursor`` (issue #23, item 1); not
    counted. Staff see every account's (or ``account``'s), a distributor its own."""
    page = page_newest_first(
        uow_factory,
        actor,
        account,
        limit,
        cursor,
        "balances",
        lambda uow, owner, most, before: uow.extensions.quotes.find(
            owner, BALANCE_STATUSES, most, before_id=before
        ),
    )
    return Page([_balance(book, q) for q in page.items], page.next_cursor)


def balances(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    account: str | None = None,
) -> list[Balance]:
    """Every balance of ``page_balances``, page after page, newest first."""
    found: list[Balance] = []
    cursor: str | None = None
    while True:
        page = page_balances(uow_factory, book, actor, account, MAX_PAGE, cursor)
        found.extend(page.items)
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def _balance(book: PolicyBook, q: Quote) -> Balance:
    return Balance(
        quote_id=q.id,
        account_code=q.account_code,
        model=q.model,
        years=q.years,
        ordered=q.quantity,
        assigned=q.assigned,
        remaining=q.remaining,
        remaining_value=q.unit_price * q.remaining,
        usable_until=usable_until(book, q),
        settlement=q.settlement,
    )

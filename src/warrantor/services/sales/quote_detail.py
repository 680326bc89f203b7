"""A quote as its detail shows it: the quote, a page of its assigned serials and a page of its
refused attempts, each counted and paged on by cursor (issue #23, item 1: a quote may hold
thousands of serials, and each failed try adds refusals), and how long its balance lasts.

Who may see a quote is ``services.sales.quotes.visible_quote``'s rule: the distributor's own,
or any for staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from warrantor.domain.actors import Actor
from warrantor.domain.sales import Assignment, Quote, RefusedAttempt
from warrantor.policy.book import PolicyBook
from warrantor.services.paging import Page, read_page
from warrantor.services.sales.quotes import usable_until, visible_quote
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class QuoteDetail:
    """A quote with its assignments, refused attempts and how long its balance lasts."""

    quote: Quote
    assignments: Page[Assignment]
    """One page of the serials assigned (the first, unless a cursor was given), counted;
    its ``next_cursor`` continues in ``page_assignments`` (a quote may hold thousands)."""
    refusals: Page[RefusedAttempt]
    """One page of the refused attempts (the first, unless a cursor was given), counted;
    its ``next_cursor`` continues in ``page_refusals`` (each failed try adds rows)."""
    usable_until: date | None


DETAIL_ASSIGNMENTS = 100
"""The assigned serials a quote's detail shows at first; the rest page on."""
DETAIL_REFUSALS = 100
"""The refused attempts a quote's detail shows at first; the rest page on."""


def show_quote(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    quote_id: int,
    limit: int = DETAIL_ASSIGNMENTS,
    cursor: str | None = None,
    *,
    refusals_limit: int = DETAIL_REFUSALS,
    refusals_cursor: str | None = None,
) -> QuoteDetail:
    """A quote with a page of its assignments (``limit`` after ``cursor``: the first page
    without one) and a page of its refusals (``refusals_limit`` after ``refusals_cursor``):
    the distributor's own, or any for staff."""
    with uow_factory() as uow:
        quote = visible_quote(uow, actor, quote_id)
        return QuoteDetail(
            quote,
            _assignments_page(uow, quote, limit, cursor),
            _refusals_page(uow, quote, refusals_limit, refusals_cursor),
            usable_until(book, quote),
        )


ASSIGNMENTS_LIST = "quote_assignments"
"""A quote's assigned serials' name in their page cursors (key: the extension's id)."""


def page_assignments(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    quote_id: int,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[Assignment]:
    """One page of the serials assigned to a quote and their certificates, in the order
    they were assigned, after ``cursor``; counted exactly (a quote's few thousand at most):
    the distributor's own quote, or any for staff (``NotFound`` otherwise)."""
    with uow_factory() as uow:
        return _assignments_page(uow, visible_quote(uow, actor, quote_id), limit, cursor)


def _assignments_page(
    uow: UnitOfWork, quote: Quote, limit: int, cursor: str | None
) -> Page[Assignment]:
    return read_page(
        limit,
        cursor,
        ASSIGNMENTS_LIST,
        (int,),
        lambda after, most: uow.extensions.quotes.assignments(quote.id, most, after),
        lambda assignment: (assignment.extension_id,),
        lambda: quote.assigned,
    )


REFUSALS_LIST = "quote_refusals"
"""A quote's refused attempts' name in their page cursors (key: the refusal's id)."""


def page_refusals(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    quote_id: int,
    limit: int = DETAIL_REFUSALS,
    cursor: str | None = None,
) -> Page[RefusedAttempt]:
    """One page of a quote's refused attempts, in the order they were made, after
    ``cursor``; counted exactly (one quote's, on its index): the distributor's own quote,
    or any for staff (``NotFound`` otherwise)."""
    with uow_factory() as uow:
        return _refusals_page(uow, visible_quote(uow, actor, quote_id), limit, cursor)


def _refusals_page(
    uow: UnitOfWork, quote: Quote, limit: int, cursor: str | None
) -> Page[RefusedAttempt]:
    quotes = uow.extensions.quotes
    return read_page(
        limit,
        cursor,
        REFUSALS_LIST,
        (int,),
        lambda after, most: quotes.refusals(quote.id, most, after),
        lambda refusal: (refusal.refusal_id,),
        lambda: quotes.refusal_count(quote.id),
    )

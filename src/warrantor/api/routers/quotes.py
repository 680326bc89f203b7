"""Routes: Distributor quotes, acceptance, payment, serial assignments and balances (issue #4).

Flow: ``POST /quotes`` (model, quantity, years) -> ``POST /quotes/{id}/accept`` ->
staff ``POST /quotes/{id}/payment`` -> ``POST /quotes/{id}/assignments`` (serials).
A paid quote's unassigned quantity is a balance (``GET /balances``), usable
through ``usable_until`` (payment day + the policy's 60-day purchase window);
the day after, ``POST /quotes/settle-due`` turns it into a credit note worth
remaining x unit price. Staff may settle earlier as a refund.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field

from warrantor.api.paging import CursorQuery, send_page_links
from warrantor.api.responses import errors
from warrantor.api.routers.orders import PaymentIn
from warrantor.domain.sales import Settlement
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.paging import MAX_PAGE
from warrantor.services.sales.payments import payment_method
from warrantor.services.sales.quote_assignments import assign_serials, page_balances
from warrantor.services.sales.quote_detail import (
    DETAIL_ASSIGNMENTS,
    DETAIL_REFUSALS,
    page_assignments,
    page_refusals,
    show_quote,
)
from warrantor.services.sales.quotes import (
    accept_quote,
    page_quotes,
    pay_quote,
    request_quote,
    settle_due,
    settle_quote,
)
from warrantor.views.sales import (
    AssignmentOut,
    AssignOut,
    BalanceOut,
    QuoteDetailOut,
    QuoteOut,
    RefusalOut,
    balance_out,
    extension_out,
    quote_detail_out,
    quote_out,
)

router = guarded_router(tags=["quotes"])


class QuoteIn(BaseModel):
    brand: str = Field(examples=["QNAP"])
    model: str = Field(examples=["TS-453 Pro"])
    quantity: int = Field(ge=1, le=100_000)
    years: int = Field(ge=1, le=10)
    account: str | None = Field(None, description="Staff only: the distributor")
    currency: str | None = Field(None, min_length=3, max_length=3)


class AssignIn(BaseModel):
    serials: list[str] = Field(min_length=1, max_length=10_000)


class SettleIn(BaseModel):
    settlement: Settlement
    reference: str


@router.post("/quotes", status_code=201, responses=errors(401, 403, 404, 422))
def post_quote(body: QuoteIn, runtime: RuntimeDep, actor: ActorDep) -> QuoteOut:
    """Ask for a quote; 422 ``refused`` with clause ids if the policy doesn't sell it."""
    quote = request_quote(
        runtime.uow_factory,
        runtime.book,
        actor,
        brand=body.brand,
        model=body.model,
        quantity=body.quantity,
        years=body.years,
        now=runtime.clock.now(),
        account=body.account,
        currency=body.currency,
    )
    return quote_out(quote)


@router.get("/quotes", responses=errors(401, 422))
def get_quotes(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    status: str | None = None,
    account: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[QuoteOut]:
    """Quotes, newest first: a distributor's own, or every one for staff."""
    page = page_quotes(reads_for(request, runtime), actor, status, account, limit, cursor)
    send_page_links(request, response, page)
    return [quote_out(q) for q in page.items]


@router.get("/quotes/{quote_id}", responses=errors(401, 404, 422))
def get_quote(
    quote_id: int,
    request: Request,
    runtime: RuntimeDep,
    actor: ActorDep,
    assignments_limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DETAIL_ASSIGNMENTS,
    refusals_limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DETAIL_REFUSALS,
) -> QuoteDetailOut:
    """One quote with the first page of its assignments (``assignments_limit``, 100 by
    default) and of its refused attempts (``refusals_limit``, 100 by default), each counted
    (``assignments_total``, ``refusals_total``); the rest page on from ``assignments_next``
    (``GET /quotes/{id}/assignments?cursor=...``) and ``refusals_next``
    (``GET /quotes/{id}/refusals?cursor=...``), null when they are all here."""
    detail = show_quote(
        runtime.uow_factory,
        runtime.book,
        actor,
        quote_id,
        assignments_limit,
        refusals_limit=refusals_limit,
    )

    def following(route: str, limit: int, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = request.url_for(route, quote_id=quote_id)
        return str(url.include_query_params(limit=limit, cursor=cursor))

    return quote_detail_out(
        detail,
        following("get_quote_assignments", assignments_limit, detail.assignments.next_cursor),
        following("get_quote_refusals", refusals_limit, detail.refusals.next_cursor),
    )


@router.get("/quotes/{quote_id}/assignments", responses=errors(401, 404, 422))
def get_quote_assignments(
    quote_id: int,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[AssignmentOut]:
    """The serials assigned to the quote and their certificates, in the order they were,
    a page at a time (``Link`` rel=next, ``X-Next-Cursor``), counted (``X-Total-Count``).
    Someone else's quote: 404; a cursor not from this list: 422."""
    page = page_assignments(reads_for(request, runtime), actor, quote_id, limit, cursor)
    send_page_links(request, response, page)
    return [AssignmentOut.model_validate(a) for a in page.items]


@router.get("/quotes/{quote_id}/refusals", responses=errors(401, 404, 422))
def get_quote_refusals(
    quote_id: int,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DETAIL_REFUSALS,
    cursor: CursorQuery = None,
) -> list[RefusalOut]:
    """The quote's refused assignment attempts with their reasons and clauses, in the order
    they were made, a page at a time (``Link`` rel=next, ``X-Next-Cursor``), counted
    (``X-Total-Count``). Someone else's quote: 404; a cursor not from this list: 422."""
    page = page_refusals(reads_for(request, runtime), actor, quote_id, limit, cursor)
    send_page_links(request, response, page)
    return [RefusalOut.model_validate(r) for r in page.items]


@router.post("/quotes/{quote_id}/accept", responses=errors(401, 403, 404, 422))
def post_quote_accept(quote_id: int, runtime: RuntimeDep, actor: ActorDep) -> QuoteOut:
    """Accept the price (before ``expires_on``)."""
    return quote_out(accept_quote(runtime.uow_factory, actor, quote_id, runtime.clock.now()))


@router.post("/quotes/{quote_id}/payment", responses=errors(401, 403, 404, 422))
def post_quote_payment(
    quote_id: int, body: PaymentIn, runtime: RuntimeDep, actor: ActorDep
) -> QuoteOut:
    """Record the payment of an accepted quote (agent or admin)."""
    paid = pay_quote(
        runtime.uow_factory,
        actor,
        quote_id,
        payment_method(body.method),
        body.reference,
        runtime.clock.now(),
    )
    return quote_out(paid)


@router.post("/quotes/{quote_id}/assignments", responses=errors(401, 403, 404, 422))
def post_quote_assignments(
    quote_id: int, body: AssignIn, runtime: RuntimeDep, actor: ActorDep
) -> AssignOut:
    """Assign serials: all or none. A refusal (422) lists each refused serial and is kept
    on the quote; a serial invoiced to someone else reads as unknown."""
    result = assign_serials(
        runtime.uow_factory,
        runtime.book,
        runtime.keys,
        actor,
        quote_id,
        body.serials,
        runtime.clock.now(),
    )
    return AssignOut(
        quote=quote_out(result.quote), granted=[extension_out(g) for g in result.granted]
    )


@router.post("/quotes/{quote_id}/settlement", responses=errors(401, 403, 404, 422))
def post_quote_settlement(
    quote_id: int, body: SettleIn, runtime: RuntimeDep, actor: ActorDep
) -> QuoteOut:
    """Close the balance now as a credit note or refund (agent or admin)."""
    settled = settle_quote(
        runtime.uow_factory, actor, quote_id, body.settlement, body.reference, runtime.clock.now()
    )
    return quote_out(settled)


@router.post("/quotes/settle-due", responses=errors(401, 403))
def post_settle_due(runtime: RuntimeDep, actor: ActorDep) -> list[QuoteOut]:
    """Turn every balance past its usable-until day into a credit note (agent or admin)."""
    settled = settle_due(runtime.uow_factory, runtime.book, actor, runtime.clock.now())
    return [quote_out(q) for q in settled]


@router.get("/balances", responses=errors(401, 422))
def get_balances(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    account: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[BalanceOut]:
    """Paid quantities not yet assigned, per quote, with their value and last usable day:
    newest quote first, a page at a time (``Link`` rel=next, ``X-Next-Cursor``; not
    counted). A distributor's own, or every one for staff; a cursor not from this list: 422."""
    reads = reads_for(request, runtime)
    page = page_balances(reads, runtime.book, actor, account, limit, cursor)
    send_page_links(request, response, page)
    return [balance_out(b) for b in page.items]

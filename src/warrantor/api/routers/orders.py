"""Routes: Direct extension orders and their payment (issue #4).

``GET /extension-offers/{brand}/{serial}`` says whether +N years may be sold
and at what price; ``POST /orders`` places an order (a refusal is 422 with the
clause ids); staff record the payment with ``POST /orders/{id}/payment``, which
grants the extension and issues its certificate in one transaction.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field

from warrantor.api.paging import CursorQuery, send_page_links
from warrantor.api.responses import errors
from warrantor.http.dates import IsoDate
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.paging import MAX_PAGE
from warrantor.services.sales.orders import (
    cancel_order,
    offer_extension,
    page_orders,
    pay_order,
    place_order,
    show_order,
)
from warrantor.services.sales.payments import payment_method
from warrantor.views.sales import OfferOut, OrderOut, offer_out, order_out

router = guarded_router(tags=["orders"])


class OrderIn(BaseModel):
    serial: str
    brand: str | None = Field(None, description="Needed when the serial is ambiguous")
    years: int = Field(ge=1, le=10)
    account: str | None = Field(None, description="Staff only: the buying account")
    currency: str | None = Field(None, min_length=3, max_length=3)


class PaymentIn(BaseModel):
    """The payment staff record, for an order or a quote."""

    reference: str = Field(description="The bank transfer's reference or invoice number")
    method: str = "bank_transfer"


@router.get("/extension-offers/{brand}/{serial}", responses=errors(401, 404, 422))
def get_offer(
    brand: str,
    serial: str,
    runtime: RuntimeDep,
    actor: ActorDep,
    years: Annotated[int, Query(ge=1, le=10)],
    on: IsoDate | None = None,
    account: str | None = None,
) -> OfferOut:
    """May +``years`` be sold for this unit (today, or ``on``), its term and price."""
    answer = offer_extension(
        runtime.uow_factory,
        runtime.book,
        actor,
        serial,
        years,
        on or runtime.clock.today(),
        brand=brand,
        account=account,
    )
    return offer_out(answer)


@router.post("/orders", status_code=201, responses=errors(401, 404, 422))
def post_order(body: OrderIn, runtime: RuntimeDep, actor: ActorDep) -> OrderOut:
    """Order an extension for one unit; 422 ``refused`` names the clause of each refusal."""
    placed = place_order(
        runtime.uow_factory,
        runtime.book,
        actor,
        body.serial,
        body.years,
        runtime.clock.now(),
        brand=body.brand,
        account=body.account,
        currency=body.currency,
    )
    return order_out(placed)


@router.get("/orders", responses=errors(401, 422))
def get_orders(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    status: str | None = None,
    account: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[OrderOut]:
    """Orders, newest first: your own, or every one for staff."""
    page = page_orders(reads_for(request, runtime), actor, status, account, limit, cursor)
    send_page_links(request, response, page)
    return [order_out(o) for o in page.items]


@router.get("/orders/{order_id}", responses=errors(401, 404, 422))
def get_order(order_id: int, runtime: RuntimeDep, actor: ActorDep) -> OrderOut:
    return order_out(show_order(runtime.uow_factory, actor, order_id))


@router.post("/orders/{order_id}/payment", responses=errors(401, 403, 404, 422))
def post_order_payment(
    order_id: int, body: PaymentIn, runtime: RuntimeDep, actor: ActorDep
) -> OrderOut:
    """Record the payment (agent or admin): the order is paid, the extension granted and
    its certificate issued, all or nothing."""
    paid = pay_order(
        runtime.uow_factory,
        runtime.book,
        runtime.keys,
        actor,
        order_id,
        payment_method(body.method),
        body.reference,
        runtime.clock.now(),
    )
    return order_out(paid)


@router.post("/orders/{order_id}/cancel", responses=errors(401, 404, 422))
def post_order_cancel(order_id: int, runtime: RuntimeDep, actor: ActorDep) -> OrderOut:
    """Cancel an order awaiting payment (its buyer, or staff)."""
    return order_out(cancel_order(runtime.uow_factory, actor, order_id, runtime.clock.now()))

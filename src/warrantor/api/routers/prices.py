"""Routes: Price lists for extended warranties (issue #4).

Anyone signed in reads price lists; only an admin adds or retires one.
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
from warrantor.services.sales.prices import add_price, page_prices, parse_money, retire_price
from warrantor.store.sales_prices import NewPrice
from warrantor.views.sales import PriceOut, price_out

router = guarded_router(tags=["prices"])


class PriceIn(BaseModel):
    brand: str = Field(examples=["QNAP"])
    product_line: str = Field(examples=["TS-x53"])
    years: int = Field(ge=1, le=10)
    amount: str = Field(description="Decimal amount, e.g. 129.00", examples=["129.00"])
    currency: str = Field(min_length=3, max_length=3, examples=["USD"])
    valid_from: IsoDate
    valid_until: IsoDate | None = Field(None, description="Last valid day (inclusive); none: open")
    note: str = Field("", max_length=200)


class RetireIn(BaseModel):
    last_day: IsoDate | None = Field(
        None, description="End the list on this day; without it the list is withdrawn"
    )


@router.get("/prices", responses=errors(401, 422))
def get_prices(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    brand: str | None = None,
    line: Annotated[str | None, Query(description="Product line, e.g. TS-x53")] = None,
    on: Annotated[IsoDate | None, Query(description="Only the lists in force that day")] = None,
    include_retired: bool = False,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[PriceOut]:
    """Price lists by brand, line, period, currency and start day, a page at a time
    (``Link`` rel=next, ``X-Next-Cursor``; not counted). A cursor not from this list: 422."""
    reads = reads_for(request, runtime)
    page = page_prices(reads, actor, brand, line, on, include_retired, limit, cursor)
    send_page_links(request, response, page)
    return [price_out(p) for p in page.items]


@router.post("/prices", status_code=201, responses=errors(401, 403, 409, 422))
def post_price(body: PriceIn, runtime: RuntimeDep, actor: ActorDep) -> PriceOut:
    """Add a price list (admin). 409 when it shares a day with another for the same brand,
    line, period and currency; 422 naming the field for a line or period the policy
    doesn't sell."""
    new = NewPrice(
        brand=body.brand,
        product_line=body.product_line,
        years=body.years,
        price=parse_money(body.amount, body.currency),
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        note=body.note,
    )
    added = add_price(runtime.uow_factory, runtime.book, actor, new, runtime.clock.now())
    return price_out(added)


@router.post("/prices/{price_id}/retire", responses=errors(401, 403, 404, 422))
def post_price_retire(
    price_id: int, runtime: RuntimeDep, actor: ActorDep, body: RetireIn | None = None
) -> PriceOut:
    """Withdraw a price list, or end it on ``last_day`` (admin). Orders keep their price."""
    last_day = body.last_day if body else None
    retired = retire_price(runtime.uow_factory, actor, price_id, runtime.clock.now(), last_day)
    return price_out(retired)

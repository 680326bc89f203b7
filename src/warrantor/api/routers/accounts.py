"""``/api/v1/accounts/{code}``: one account at a glance, for staff (issue #23, item 7).

The summary answers who the account is, its contacts (the users who sign in for
it) and the first rows of its units, RMAs, extension orders, certificates and help requests,
each with the cursor of its next page; ``/accounts/{code}/{section}`` pages
through one of them (``Link: rel="next"``, as every list). Staff only: to anyone
else an account is 404, as if there were none.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field

from warrantor.api.paging import CursorQuery, send_page_links
from warrantor.api.responses import errors
from warrantor.api.routers.help_requests import HelpRequestOut, help_out
from warrantor.domain.rma import Rma
from warrantor.domain.sales import Order
from warrantor.domain.units import Unit
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.accounts.summary import account_section, account_summary
from warrantor.services.paging import Page
from warrantor.store.certificates import IssuedCertificate
from warrantor.store.help_requests import HelpRequest
from warrantor.store.users import User
from warrantor.views.accounts import AccountOut
from warrantor.views.certificates import CertificateOut, certificate_out
from warrantor.views.rmas import RmaOut, rma_out
from warrantor.views.sales import OrderOut, order_out
from warrantor.views.units import UnitOut, unit_out

router = guarded_router(tags=["accounts"])


class ContactOut(BaseModel):
    """A user who signs in for the account."""

    name: str
    email: str
    role: str
    active: bool


class IssuedCertificateOut(CertificateOut):
    revoked: bool


class AccountSummaryOut(BaseModel):
    account: AccountOut
    contacts: list[ContactOut]
    units: list[UnitOut]
    units_next: str | None = Field(description="The cursor of the units' next page, if any")
    rmas: list[RmaOut]
    rmas_total: int | None = Field(description="Every RMA of the account, counted exactly")
    rmas_next: str | None
    orders: list[OrderOut]
    orders_next: str | None
    certificates: list[IssuedCertificateOut]
    certificates_next: str | None
    help_requests: list[HelpRequestOut]
    help_requests_total: int | None
    help_requests_next: str | None


def _contact(user: User) -> ContactOut:
    return ContactOut(name=user.name, email=user.email, role=user.role, active=user.active)


def _certificate(issued: IssuedCertificate) -> IssuedCertificateOut:
    shown = certificate_out(issued.certificate).model_dump()
    return IssuedCertificateOut(**shown, revoked=issued.revoked)


def _row(item: Any) -> Any:
    if isinstance(item, Unit):
        return unit_out(item)
    if isinstance(item, Rma):
        return rma_out(item)
    if isinstance(item, Order):
        return order_out(item)
    if isinstance(item, HelpRequest):
        return help_out(item)
    return _certificate(item)


@router.get("/accounts/{code}", responses=errors(401, 404, 422))
def get_account(
    code: str,
    request: Request,
    runtime: RuntimeDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=100, description="Rows of each list")] = 10,
) -> AccountSummaryOut:
    """The account, its contacts and the first ``limit`` rows of each of its lists, with
    each list's next cursor (for ``/accounts/{code}/{section}?cursor=``). Staff only."""
    summary = account_summary(
        reads_for(request, runtime), actor, code, runtime.clock.now(), limit=limit
    )
    return AccountSummaryOut(
        account=AccountOut.model_validate(summary.account),
        contacts=[_contact(u) for u in summary.contacts],
        units=[unit_out(u) for u in summary.units.items],
        units_next=summary.units.next_cursor,
        rmas=[rma_out(r) for r in summary.rmas.items],
        rmas_total=summary.rmas.total,
        rmas_next=summary.rmas.next_cursor,
        orders=[order_out(o) for o in summary.orders.items],
        orders_next=summary.orders.next_cursor,
        certificates=[_certificate(c) for c in summary.certificates.items],
        certificates_next=summary.certificates.next_cursor,
        help_requests=[help_out(h) for h in summary.help_requests.items],
        help_requests_total=summary.help_requests.total,
        help_requests_next=summary.help_requests.next_cursor,
    )


Section = Literal["units", "rmas", "orders", "certificates", "help_requests"]


@router.get("/accounts/{code}/{section}", responses=errors(401, 404, 422))
def get_account_section(
    code: str,
    section: Section,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: CursorQuery = None,
) -> (
    list[UnitOut]
    | list[RmaOut]
    | list[OrderOut]
    | list[IssuedCertificateOut]
    | list[HelpRequestOut]
):
    """One page of the account's units, RMAs, orders, certificates or help requests (the
    units and RMAs its own users see), ``Link: rel="next"`` while there are more; RMAs and
    help requests are counted (``X-Total-Count``). A cursor not from this list: 422.
    Staff only."""
    page: Page[Any] = account_section(
        reads_for(request, runtime), actor, code, section, runtime.clock.now(), limit, cursor
    )
    send_page_links(request, response, page)
    return [_row(item) for item in page.items]

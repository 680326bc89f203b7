"""Admin pages (/admin/...): the policies in force with their case results and lint findings,
extension price lists, users and API tokens. Each page calls its area's service
(``policy_review``, ``prices``, ``users``, ``auth_tokens``), which checks the role again.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Form as FormField
from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.errors import WarrantorError
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.services.access.directory import search_accounts, search_users
from warrantor.services.access.tokens import page_tokens, revoke_token
from warrantor.services.access.users import NewUser, create_user, page_users
from warrantor.services.policy_review import review_policies
from warrantor.services.sales.prices import add_price, page_prices, parse_money
from warrantor.store.sales_prices import NewPrice
from warrantor.web.access import PageActorDep, require
from warrantor.web.account_choice import account_choices, account_code
from warrantor.web.forms import Form
from warrantor.web.paging import pager
from warrantor.web.rendering import page_router, render, see_other

router = page_router()


ADMIN_PAGES = (
    ("/admin/policies", "Policies", "The policy files in force, their own test cases and lint."),
    ("/admin/prices", "Price lists", "Extended-warranty prices per product line; add a list."),
    ("/admin/models", "Model assignments", "Models no policy places, assigned to a line."),
    (
        "/admin/service-centres",
        "Service centres",
        "How long each holds unauthorized returns; which waits pause which clock.",
    ),
    ("/admin/users", "Users and tokens", "Who may sign in, their roles; your API tokens."),
    ("/admin/audit", "Audit trail", "Who changed what, before and after, and why."),
    ("/reports", "Reports", "RMAs per product line, SLA kept or late, coverage expiring."),
    ("/desk", "Service desk", "The RMA queues by due date and the late list."),
)
"""The admin's landing page, in the order of the work (the README names ``/admin``)."""


@router.get("/admin", response_class=HTMLResponse)
def admin_home(request: Request, actor: PageActorDep) -> HTMLResponse:
    """What a warranty admin can do here, one link per area with a line about it."""
    require(actor, Role.ADMIN)
    return render(request, "admin/index.html", {"pages": ADMIN_PAGES}, actor)


@router.get("/admin/policies", response_class=HTMLResponse)
def policies(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """Each policy version: its cases (passed or what differed) and its lint findings."""
    require(actor, Role.ADMIN)
    reviews = review_policies(runtime.book, actor)
    return render(request, "admin/policies.html", {"reviews": reviews}, actor)


ADMIN_PAGE = 50
"""Rows a page of an admin list shows (price lists, users, tokens); the pagers lead on."""

PRICE_LABELS = {
    "brand": "Brand",
    "product_line": "Product line",
    "years": "Years",
    "amount": "Price",
    "currency": "Currency",
    "valid_from": "Valid from",
    "valid_until": "Valid until",
}


def _prices_page(
    request: Request, runtime: Runtime, actor: Actor, form: Form, status_code: int = 200
) -> HTMLResponse:
    cursor = request.query_params.get("cursor") or None
    page = page_prices(
        reads_for(request, runtime), actor, include_retired=True, limit=ADMIN_PAGE, cursor=cursor
    )
    context = {
        "prices": page.items,
        "pager": pager(request, page),
        "brands": [(b, b) for b in runtime.book.brands()],
        "form": form,
    }
    return render(request, "admin/prices.html", context, actor, status_code=status_code)


@router.get("/admin/prices", response_class=HTMLResponse)
def prices(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """Extension price lists (per brand, product line and period) and a form to add one."""
    require(actor, Role.ADMIN)
    form = Form.of({"currency": "USD", "valid_from": str(runtime.clock.today())}, PRICE_LABELS)
    return _prices_page(request, runtime, actor, form)


@router.post("/admin/prices", response_class=HTMLResponse)
def add_price_page(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    brand: Annotated[str, FormField()] = "",
    product_line: Annotated[str, FormField()] = "",
    years: Annotated[str, FormField()] = "",
    amount: Annotated[str, FormField()] = "",
    currency: Annotated[str, FormField()] = "",
    valid_from: Annotated[str, FormField()] = "",
    valid_until: Annotated[str, FormField()] = "",
) -> Response:
    require(actor, Role.ADMIN)
    values = {
        "brand": brand,
        "product_line": product_line,
        "years": years,
        "amount": amount,
        "currency": currency,
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    form = Form.of(values, PRICE_LABELS, aliases={"price": "amount"})
    form.require("brand", "product_line", "amount", "valid_from")
    if not years.strip().isdigit():
        form.add("a whole number of years", "years")
    start, end = _day(form, "valid_from"), _day(form, "valid_until")
    if form.ok and start is not None:
        try:
            price = NewPrice(
                brand, product_line, int(years), parse_money(amount, currency), start, end
            )
            add_price(runtime.uow_factory, runtime.book, actor, price, runtime.clock.now())
            return see_other("/admin/prices")
        except WarrantorError as error:
            form.fail(error)
    return _prices_page(request, runtime, actor, form, status_code=422)


def _day(form: Form, name: str) -> date | None:
    raw = form.value(name).strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        form.add(f"enter a date like 2026-11-23, not {raw!r}", name)
        return None


USER_LABELS = {
    "email": "Email",
    "name": "Name",
    "role": "Role",
    "account": "Account",
    "password": "Initial password",
}


def _users_page(
    request: Request, runtime: Runtime, actor: Actor, form: Form, status_code: int = 200
) -> HTMLResponse:
    reads = reads_for(request, runtime)
    wanted = request.query_params.get("q", "").strip()
    cursor = request.query_params.get("cursor") or None
    users = page_users(reads, actor, limit=ADMIN_PAGE, cursor=cursor)
    account_hits = search_accounts(reads, actor, wanted, ADMIN_PAGE) if wanted else None
    tokens_cursor = request.query_params.get("tokens_cursor") or None
    tokens = page_tokens(reads, actor, limit=ADMIN_PAGE, cursor=tokens_cursor)
    context = {
        "q": wanted,
        "user_hits": search_users(reads, actor, wanted, ADMIN_PAGE) if wanted else None,
        "account_hits": account_hits,
        "users": users.items,
        "pager": pager(request, users),
        "tokens": tokens.items,
        "tokens_pager": pager(request, tokens, "tokens_cursor"),
        # names, not codes (issue #25): each role in the users table's words, each account
        # offered by its name and code for what is typed (or found), the code sent
        "roles": [(str(role), str(role).capitalize()) for role in Role],
        "account_choices": account_choices(reads, actor, form.value("account"))
        or [hit.account for hit in account_hits or []],
        "form": form,
    }
    return render(request, "admin/users.html", context, actor, status_code=status_code)


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """Users with their roles and accounts, a page at a time; with ``q``, the users and the
    accounts matching it (exact first, then prefixes, then similar names); the admin's API
    tokens; and a form to add a user (``account``: for that account, as a found account's
    "Add a user" link asks)."""
    require(actor, Role.ADMIN)
    chosen = request.query_params.get("account", "").strip()
    return _users_page(request, runtime, actor, Form.of({"account": chosen}, USER_LABELS))


@router.get("/admin/users/account-choices", response_class=HTMLResponse)
def user_account_choices(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, account: str = ""
) -> HTMLResponse:
    """The accounts the "Add a user" form offers for what is typed in its account field,
    each by its name and code (htmx swaps the list in as the admin types)."""
    require(actor, Role.ADMIN)
    choices = account_choices(reads_for(request, runtime), actor, account)
    return render(request, "admin/_account_choices.html", {"account_choices": choices}, actor)


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    email: Annotated[str, FormField()] = "",
    name: Annotated[str, FormField()] = "",
    role: Annotated[str, FormField()] = "",
    account: Annotated[str, FormField()] = "",
    password: Annotated[str, FormField()] = "",
) -> Response:
    require(actor, Role.ADMIN)
    form = Form.of({"email": email, "name": name, "role": role, "account": account}, USER_LABELS)
    try:
        code = account_code(runtime.uow_factory, actor, account, "account")
        new = NewUser(email, name, role, code, password)
        create_user(runtime.uow_factory, actor, new, runtime.clock.now())
        return see_other("/admin/users")
    except WarrantorError as error:
        form.fail(error)
    return _users_page(request, runtime, actor, form, status_code=422)


@router.post("/admin/tokens/{token_id}/revoke", response_class=HTMLResponse)
def revoke(runtime: RuntimeDep, actor: PageActorDep, token_id: int) -> Response:
    require(actor, Role.ADMIN)
    revoke_token(runtime.uow_factory, actor, token_id, runtime.clock.now())
    return see_other("/admin/users")

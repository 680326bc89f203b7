"""The distributor portal (/distributor/...): quotes, acceptance, payment state, balances,
serial assignments (typed or a CSV file) with per-serial refusals, and certificates.

Staff open the same quote pages to record a bank transfer (the payment step
of ``services.sales.payments``). ``services.sales.quotes`` decides what each actor may
see: another distributor's quote is a 404 page.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Annotated

from fastapi import File, Request, UploadFile
from fastapi import Form as FormField
from fastapi.responses import HTMLResponse, Response

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.errors import InvalidInput, Problem, WarrantorError
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.i18n.locales import N_
from warrantor.policy.rma_desk import policy_for
from warrantor.services.sales.orders import page_orders
from warrantor.services.sales.payments import payment_method
from warrantor.services.sales.quote_assignments import assign_serials, page_balances
from warrantor.services.sales.quote_detail import show_quote
from warrantor.services.sales.quotes import accept_quote, page_quotes, pay_quote, request_quote
from warrantor.views.coverage_plain import plain_citations
from warrantor.web.access import PageActorDep, require
from warrantor.web.forms import Form
from warrantor.web.paging import pager
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

SEES_QUOTES = (Role.DISTRIBUTOR, Role.AGENT, Role.ADMIN)

DISTRIBUTOR_PAGE = 50
"""Quotes (balances, orders) a page of /distributor lists; the pagers lead on."""

ASSIGNED_PAGE = 100
"""Assigned serials (and their certificates) a page of a quote lists; the pager leads on."""
REFUSED_PAGE = 100
"""Refused attempts a page of a quote lists; their own pager leads on."""
REFUSED_CURSOR = "refusals_cursor"
"""The quote page's refusals list's cursor parameter (``cursor`` is the assignments')."""

QUOTE_LABELS = {"brand": "Brand", "model": "Model", "quantity": "Quantity", "years": "Years"}
ASSIGN_LABELS = {"serials": "Serial numbers", "file": "CSV file", "reference": "Reference"}


@router.get("/distributor", response_class=HTMLResponse)
def home(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The distributor's quotes, balances and direct orders, each a page at a time, newest
    first, with its own pager (``quotes_cursor``, ``balances_cursor``, ``orders_cursor``)."""
    require(actor, Role.DISTRIBUTOR)
    reads = reads_for(request, runtime)
    quotes_at = request.query_params.get("quotes_cursor") or None
    quotes = page_quotes(reads, actor, limit=DISTRIBUTOR_PAGE, cursor=quotes_at)
    balances_at = request.query_params.get("balances_cursor") or None
    held = page_balances(reads, runtime.book, actor, limit=DISTRIBUTOR_PAGE, cursor=balances_at)
    orders_at = request.query_params.get("orders_cursor") or None
    orders = page_orders(reads, actor, limit=DISTRIBUTOR_PAGE, cursor=orders_at)
    context = {
        "quotes": quotes.items,
        "quotes_pager": pager(request, quotes, "quotes_cursor"),
        "balances": held.items,
        "balances_pager": pager(request, held, "balances_cursor"),
        "orders": orders.items,
        "orders_pager": pager(request, orders, "orders_cursor"),
    }
    return render(request, "distributor/home.html", context, actor)


@router.get("/distributor/quotes/new", response_class=HTMLResponse)
def quote_form(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    require(actor, Role.DISTRIBUTOR)
    form = Form.of({"quantity": "10", "years": "1"}, QUOTE_LABELS)
    return _quote_page(request, runtime, form, actor)


@router.post("/distributor/quotes/new", response_class=HTMLResponse)
def ask_quote(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    brand: Annotated[str, FormField()] = "",
    model: Annotated[str, FormField()] = "",
    quantity: Annotated[str, FormField()] = "",
    years: Annotated[str, FormField()] = "",
) -> Response:
    """Ask for a quote for N extensions of a model; problems are shown next to their fields."""
    require(actor, Role.DISTRIBUTOR)
    values = {"brand": brand, "model": model, "quantity": quantity, "years": years}
    form = Form.of(values, QUOTE_LABELS)
    form.require("brand", "model")
    for name in ("quantity", "years"):
        if not form.value(name).strip().isdigit() or int(form.value(name)) < 1:
            form.add(N_("a whole number, at least 1"), name)
    if form.ok:
        try:
            quote = request_quote(
                runtime.uow_factory, runtime.book, actor, brand=brand, model=model,
                quantity=int(quantity), years=int(years), now=runtime.clock.now(),
            )  # fmt: skip
            return see_other(f"/distributor/quotes/{quote.id}")
        except WarrantorError as error:
            form.fail(error)
    return _quote_page(request, runtime, form, actor, status_code=422)


def _quote_page(
    request: Request, runtime: Runtime, form: Form, actor: Actor, status_code: int = 200
) -> HTMLResponse:
    context = {"form": form, "brands": [(b, b) for b in runtime.book.brands()]}
    return render(request, "distributor/quote_new.html", context, actor, status_code=status_code)


def _detail_page(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    quote_id: int,
    form: Form | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    cursor = request.query_params.get("cursor") or None
    refused_at = request.query_params.get(REFUSED_CURSOR) or None
    detail = show_quote(runtime.uow_factory, runtime.book, actor, quote_id, ASSIGNED_PAGE, cursor,
                        refusals_limit=REFUSED_PAGE, refusals_cursor=refused_at)  # fmt: skip
    policy = policy_for(runtime.book, detail.quote.brand)
    why_refused = [  # each refused serial's clauses, quoted as the public check quotes them
        plain_citations([policy.citation(c) for c in r.clause_ids]) for r in detail.refusals.items
    ]
    assigned = detail.assignments  # a page at a time: a quote may hold thousands
    context = {
        "detail": detail,
        "why_refused": why_refused,
        "assigned": assigned,
        "pager": pager(request, assigned),
        "refused": detail.refusals,  # a page at a time too: each failed try adds rows
        "refused_pager": pager(request, detail.refusals, REFUSED_CURSOR),
        "form": form or Form.of({}, ASSIGN_LABELS),
    }
    return render(request, "distributor/quote.html", context, actor, status_code=status_code)


@router.get("/distributor/quotes/{quote_id}", response_class=HTMLResponse)
def quote(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, quote_id: int
) -> HTMLResponse:
    require(actor, *SEES_QUOTES)
    return _detail_page(request, runtime, actor, quote_id)


@router.post("/distributor/quotes/{quote_id}/accept", response_class=HTMLResponse)
def accept(request: Request, runtime: RuntimeDep, actor: PageActorDep, quote_id: int) -> Response:
    require(actor, Role.DISTRIBUTOR)
    try:
        accept_quote(runtime.uow_factory, actor, quote_id, runtime.clock.now())
    except WarrantorError as error:
        form = Form.of({}, ASSIGN_LABELS)
        form.fail(error)
        return _detail_page(request, runtime, actor, quote_id, form, status_code=422)
    return see_other(f"/distributor/quotes/{quote_id}")


@router.post("/distributor/quotes/{quote_id}/pay", response_class=HTMLResponse)
def record_payment(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    quote_id: int,
    reference: Annotated[str, FormField()] = "",
) -> Response:
    """Staff record that the bank transfer for the quote arrived."""
    require(actor, Role.AGENT, Role.ADMIN)
    try:
        pay_quote(runtime.uow_factory, actor, quote_id, payment_method("bank_transfer"),
                  reference, runtime.clock.now())  # fmt: skip
    except WarrantorError as error:
        form = Form.of({"reference": reference}, ASSIGN_LABELS)
        form.fail(error)
        return _detail_page(request, runtime, actor, quote_id, form, status_code=422)
    return see_other(f"/distributor/quotes/{quote_id}")


@router.post("/distributor/quotes/{quote_id}/assign", response_class=HTMLResponse)
def assign(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    quote_id: int,
    serials: Annotated[str, FormField()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Assign serials (typed, one per line, or a CSV file with a 'serial' column).

    If any serial is refused nothing is assigned, and each refusal is listed
    with its reason, so the distributor can fix the list and send it again.
    """
    require(actor, Role.DISTRIBUTOR)
    form = Form.of({"serials": serials}, ASSIGN_LABELS)
    wanted = _split_serials(serials)
    if file is not None and file.filename:
        try:
            wanted += _csv_serials(file.file.read())
        except InvalidInput as error:
            form.fail(error)
    if form.ok and not wanted:
        form.add(N_("type at least one serial, or choose a CSV file"), "serials")
    if form.ok:
        try:
            assign_serials(runtime.uow_factory, runtime.book, runtime.keys, actor, quote_id,
                           wanted, runtime.clock.now())  # fmt: skip
            return see_other(f"/distributor/quotes/{quote_id}")
        except WarrantorError as error:
            form.fail(error)
    return _detail_page(request, runtime, actor, quote_id, form, status_code=422)


def _split_serials(raw: str) -> list[str]:
    return [s for s in re.split(r"[\s,;]+", raw) if s]


def _csv_serials(content: bytes) -> list[str]:
    """The 'serial' column of a CSV file (or its only column when it has no header)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            "the file is not UTF-8 text", [Problem(N_("not UTF-8 text"), "file")]
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InvalidInput("the file is empty", [Problem(N_("is empty"), "file")])
    header = [cell.strip().lower() for cell in rows[0]]
    if "serial" in header:
        column = header.index("serial")
        return [
            row[column].strip() for row in rows[1:] if len(row) > column and row[column].strip()
        ]
    if len(header) == 1:
        return [row[0].strip() for row in rows if row and row[0].strip()]
    raise InvalidInput(
        "the CSV file has no 'serial' column", [Problem("needs a 'serial' column", "file")]
    )

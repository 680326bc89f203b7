"""The desk's page per customer account (issue #23, item 7): who it is, its contacts, and
the first rows of its units, RMAs, extension orders and certificates, each leading to
the whole list a page at a time (``/desk/accounts/{code}/{section}``) and each row to
its own page. Reached from an RMA's page and the search results. Staff only; the rules
are ``services.accounts.summary``'s.

A customer account's page also records a unit it bought second-hand (issue #23, item 6:
``services.installed_base.ownership.transfer_unit``, as ``POST /api/v1/units/{brand}/
{serial}/owner`` and ``warrantor units transfer`` do): the serial, the proof of the resale
and a reason; the owner changes, coverage stays with the unit, the change is audited."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import Form as FormField
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.errors import Conflict, InvalidInput, NotFound
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.services.accounts.summary import account_section, account_summary
from warrantor.services.installed_base.ownership import COVERAGE_NOTE, transfer_unit
from warrantor.web.access import PageActorDep, require
from warrantor.web.desk_panel import DESK
from warrantor.web.form_models import FormModel
from warrantor.web.forms import Form
from warrantor.web.paging import pager
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

SUMMARY_ROWS = 10
"""Rows of each list the account's page shows; its 'all' link leads to the paged list."""
SECTION_PAGE = 50

SECTION_TITLES = {
    "units": "Units",
    "rmas": "RMAs",
    "orders": "Extension orders",
    "certificates": "Certificates",
    "help_requests": "Help requests",
}


@router.get("/desk/accounts/{code}", response_class=HTMLResponse)
def account_page(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, code: str
) -> HTMLResponse:
    require(actor, *DESK)
    return _account_page(request, runtime, actor, code, TransferForm().page_form())


class TransferForm(FormModel):
    brand: str = Field("", title="Brand")
    serial: str = Field("", title="Serial number")
    resale_proof: str = Field("", title="Proof of the resale")
    reason: str = Field("", title="Reason")


@router.post("/desk/accounts/{code}/transfer", response_class=HTMLResponse)
def record_transfer(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    code: str,
    fields: Annotated[TransferForm, FormField()],
) -> Response:
    """The account bought a unit second-hand: it becomes the owner (staff); problems show
    next to their fields, the account's page says what changed."""
    require(actor, *DESK)
    form = fields.page_form()
    form.require("serial", "resale_proof")
    if form.ok:
        try:
            moved = transfer_unit(
                runtime.uow_factory, actor, fields.serial, fields.brand.strip() or None,
                code, fields.resale_proof, fields.reason, runtime.clock.now(),
            )  # fmt: skip
            shown = urlencode({"moved": f"{moved.brand} {moved.serial}"})
            return see_other(f"/desk/accounts/{quote(code.strip(), safe='')}?{shown}")
        except NotFound as error:
            form.add(str(error), "serial")
        except (InvalidInput, Conflict) as error:
            form.fail(error)
    return _account_page(request, runtime, actor, code, form, status_code=422)


def _account_page(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    code: str,
    form: Form,
    status_code: int = 200,
) -> HTMLResponse:
    summary = account_summary(
        reads_for(request, runtime), actor, code, runtime.clock.now(), limit=SUMMARY_ROWS
    )
    lists = {
        "units": summary.units,
        "rmas": summary.rmas,
        "orders": summary.orders,
        "certificates": summary.certificates,
        "help_requests": summary.help_requests,
    }
    context = {
        "summary": summary,
        "lists": lists,
        "titles": SECTION_TITLES,
        "form": form,
        "moved": request.query_params.get("moved", ""),
        "coverage_note": COVERAGE_NOTE,
    }
    return render(request, "desk/account.html", context, actor, status_code=status_code)


@router.get("/desk/accounts/{code}/{section}", response_class=HTMLResponse)
def account_section_page(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, code: str, section: str
) -> HTMLResponse:
    require(actor, *DESK)
    cursor = request.query_params.get("cursor") or None
    page = account_section(
        reads_for(request, runtime), actor, code, section, runtime.clock.now(),
        SECTION_PAGE, cursor,
    )  # fmt: skip
    context = {
        "code": code.strip(),
        "section": section,
        "title": SECTION_TITLES[section],
        "rows": page.items,
        "total": page.total,
        "pager": pager(request, page),
    }
    return render(request, "desk/account_section.html", context, actor)

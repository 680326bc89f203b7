"""The desk's page per customer account (issue #23, item 7): who it is, its contacts, and
the first rows of its units, RMAs, extension orders and certificates, each leading to
the whole list a page at a time (``/desk/accounts/{code}/{section}``) and each row to
its own page. Reached from an RMA's page and the search results. Staff only; the rules
are ``services.accounts.summary``'s."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.services.accounts.summary import account_section, account_summary
from warrantor.web.access import PageActorDep, require
from warrantor.web.desk_panel import DESK
from warrantor.web.paging import pager
from warrantor.web.rendering import page_router, render

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
    context = {"summary": summary, "lists": lists, "titles": SECTION_TITLES}
    return render(request, "desk/account.html", context, actor)


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

"""The service desk (/desk): the queues with due dates and what is late, and the desk's pages.

Agents validate documents and issue RMA numbers; technicians receive parcels
(and unauthorized arrivals), inspect (findings, SMART upload), decide,
repair or replace, and ship. This module answers the queues (the late list
first, then the chosen queue by what is due first) and gathers the desk's
other pages, one module each: one RMA's panel (``desk_panel``) and its steps
(``desk_steps``, ``workshop_steps``, one route per step), receiving
(``desk_receiving``) and unauthorized returns (``desk_unauthorized``).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import HTMLResponse

from warrantor.domain.rma import OPEN_STATES
from warrantor.domain.rma_pauses import WAIT_WORDING
from warrantor.errors import InvalidInput, Problem
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.services.accounts.names import account_names
from warrantor.services.help_requests.requests import count_open
from warrantor.services.rma.queues import RmaQuery, count_rmas, page_rmas
from warrantor.services.rma.search import search_rmas
from warrantor.services.rma.unauthorized import held_parcels
from warrantor.web import (
    desk_assign,
    desk_panel,
    desk_receiving,
    desk_steps,
    desk_unauthorized,
    workshop_steps,
)
from warrantor.web.access import PageActorDep, require
from warrantor.web.desk_panel import DESK
from warrantor.web.paging import pager
from warrantor.web.rendering import page_router, render

router = page_router()
for pages in (
    desk_panel,
    desk_steps,
    workshop_steps,
    desk_receiving,
    desk_unauthorized,
    desk_assign,
):
    router.include_router(pages.router)


@dataclass(frozen=True, slots=True)
class Queue:
    title: str
    states: tuple[str, ...]


QUEUES = {
    "new": Queue("New requests", ("requested", "troubleshooting")),
    "number": Queue("To issue a number", ("documents_validated",)),
    "awaiting": Queue("Awaiting the unit", ("awaiting_unit",)),
    "workshop": Queue("In the workshop", ("received", "inspecting", "repairing", "quote_pending")),
    "ship": Queue("To ship", ("ready_to_ship",)),
}


PEOPLE_TABS = {"mine": "My queue", "unassigned": "Unassigned"}
"""Tabs by person (issue #23, item 4): the viewer's open RMAs, and those assigned to nobody."""

DESK_PAGE = 50
"""RMAs a queue page shows; the pager's links lead to the next."""
DESK_HELD = 10
"""Held parcels the queues page lists (with their exact count); the receiving page has all."""


@router.get("/desk", response_class=HTMLResponse)
def desk(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The queues: what is late first, then the chosen queue sorted by what is due first,
    a page at a time (``cursor``), each tab with its exact count."""
    require(actor, *DESK)
    name = request.query_params.get("queue", "late")
    cursor = request.query_params.get("cursor") or None
    now = runtime.clock.now()
    tabs = {
        "late": RmaQuery(late=True, limit=DESK_PAGE),
        "mine": RmaQuery(mine=True, limit=DESK_PAGE),
        "unassigned": RmaQuery(unassigned=True, states=OPEN_STATES, limit=DESK_PAGE),
    } | {key: RmaQuery(states=queue.states, limit=DESK_PAGE) for key, queue in QUEUES.items()}
    if name not in tabs:
        raise InvalidInput(f"no queue named {name!r}", [Problem("unknown queue", "queue")])
    title = {"late": "Late", **PEOPLE_TABS}.get(name) or QUEUES[name].title
    page = page_rmas(reads_for(request, runtime), actor, tabs[name], now, cursor, count=False)
    counts = count_rmas(reads_for(request, runtime), actor, tabs, now)  # each tab's, exact
    held = held_parcels(reads_for(request, runtime), actor, limit=DESK_HELD)
    context = {
        "queues": QUEUES,
        "people_tabs": PEOPLE_TABS,
        "queue": name,
        "title": title,
        "rows": page.items,
        "total": counts[name],
        "counts": counts,
        "pager": pager(request, page, counted=True),  # the tab's count, exact
        "late_ids": {rma.id for rma in page.items if rma.is_late(now)},
        "late_count": counts["late"],
        "help_count": count_open(reads_for(request, runtime), actor),
        "held": held,
        "now": now,
        # a paused clock's wait by its name, as the centres' page words it (issue #25)
        "waits": WAIT_WORDING,
    }
    return render(request, "desk/queues.html", context, actor, partial="desk/_queue.html")


@router.get("/desk/search", response_class=HTMLResponse)
def desk_search(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The desk's one search box (issue #23, item 2): exact matches first, then prefixes,
    then names and addresses like the text."""
    require(actor, *DESK)
    wanted = request.query_params.get("q", "")
    reads = reads_for(request, runtime)
    hits = search_rmas(reads, actor, wanted, 50)
    names = account_names(reads, actor, [h.rma.customer for h in hits])
    context = {"q": wanted, "hits": hits, "now": runtime.clock.now(), "account_names": names}
    return render(request, "desk/search.html", context, actor)

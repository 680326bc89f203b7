"""How an API list answers a page (issue #23, item 1).

The body stays the list of rows; where to go next rides in headers, as
GitHub's and RFC 8288's ``Link`` do, so a client that reads one page sees no
change and one that wants every row follows ``rel="next"`` until it is gone:

- ``Link: <https://.../api/v1/rmas?state=received&limit=50&cursor=...>; rel="next"``
  (absent on the last page) and ``X-Next-Cursor`` with the cursor alone;
- ``X-Total-Count`` when the list counts its rows exactly; full-table lists
  (the installed base) send ``X-Total-Count-Kind: none`` instead, so a client
  knows the figure was left out rather than lost. The RMA queues count only when
  asked (``count=exact``, ``CountQuery``, as PostgREST's ``Prefer: count=exact``):
  counting a tab of tens of thousands costs more than its page, and a client
  following ``rel="next"`` needs no total.

A list that can be searched takes ``q`` (``SearchQuery``): then it answers its best
rows, exact matches first, in one answer with no next link.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response

from warrantor.errors import InvalidInput, Problem
from warrantor.services.paging import Page

CursorQuery = Annotated[
    str | None,
    Query(description="Where the page starts: the X-Next-Cursor (or Link rel=next) of the last"),
]


CountQuery = Annotated[
    Literal["exact"] | None,
    Query(
        description="exact: also count every row of the list (X-Total-Count, a queue "
        "tab's figure); left out, the page is not counted (X-Total-Count-Kind: none)"
    ),
]


def send_page_links(request: Request, response: Response, page: Page[Any]) -> None:
    """Put ``page``'s next link and total in ``response``'s headers."""
    if page.next_cursor is not None:
        url = request.url.include_query_params(cursor=page.next_cursor)
        response.headers["Link"] = f'<{url}>; rel="next"'
        response.headers["X-Next-Cursor"] = page.next_cursor
    if page.total is not None:
        response.headers["X-Total-Count"] = str(page.total)
    else:
        response.headers["X-Total-Count-Kind"] = "none"


def json_page(request: Request, page: Page[Any], body: bytes) -> Response:
    """``body`` (a page's rows, already JSON) as the answer, with ``page``'s links and
    total in its headers (``send_page_links``).

    For a route that keeps its ``response_model`` (so the OpenAPI document is the same)
    but dumps its own rows: FastAPI would check our rows against the model again, for a
    sync route in a second hop to the thread pool and back (issue #23, item 8)."""
    answer = Response(body, media_type="application/json")
    send_page_links(request, answer, page)
    return answer


SearchQuery = Annotated[
    str | None,
    Query(
        description="Search instead of listing: exact matches first, then prefixes, then "
        "similar names; at most limit (100) rows, best first, in one answer (no cursor)"
    ),
]


def refuse_cursor_with_search(q: str | None, cursor: str | None) -> None:
    """A search answers its best rows at once: a cursor beside ``q`` is bad input naming
    ``cursor`` (no page of a search follows)."""
    if q is not None and cursor:
        message = "a search (q) answers in one page: leave cursor out"
        raise InvalidInput(message, [Problem("does not go with q", "cursor")])

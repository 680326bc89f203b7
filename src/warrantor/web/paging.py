"""The pager under a paged list on a page (issue #23, item 1): a link to the next page
while there is one, and back to the first once past it (the partial ``_pager.html``); a list
that is not counted (a full-table list: the installed base, price lists, quotes...) says so
beside the links, with how many rows this page shows, so no figure is taken for a total."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from warrantor.services.paging import Page


@dataclass(frozen=True, slots=True)
class Pager:
    next_url: str | None
    """This list with the next page's cursor; ``None`` on the last page."""
    first_url: str | None
    """This list from its first page; ``None`` when on it."""
    current_url: str
    """This page again (what the queue's refresh reloads)."""
    shown: int = 0
    """The rows on this page."""
    counted: bool = False
    """Whether the list counts its rows (a queue's tab, shown by its page); when not, the
    pager says it is not counted."""


def pager(
    request: Request, page: Page[Any], param: str = "cursor", *, counted: bool = False
) -> Pager:
    """The links for ``page`` of the list at ``request``'s path, its other query
    parameters (the filters, another list's cursor) kept; ``param`` names this list's
    cursor where a page shows two lists. A list is counted when ``page`` holds its total,
    or ``counted`` says the page shows one counted apart (a desk queue's tab)."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != param]
    path = request.url.path

    def at(cursor: str | None) -> str:
        query = urlencode(kept + ([(param, cursor)] if cursor else []))
        return f"{path}?{query}" if query else path

    here = request.query_params.get(param) or None
    return Pager(
        next_url=at(page.next_cursor) if page.next_cursor else None,
        first_url=at(None) if here else None,
        current_url=at(here),
        shown=len(page.items),
        counted=counted or page.total is not None,
    )

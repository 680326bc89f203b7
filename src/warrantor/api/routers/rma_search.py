"""``GET /api/v1/rmas/search``: the desk's one search box (issue #23, item 2); the tiers
and what they match are ``services.rma.search``'s."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from pydantic import BaseModel, Field

from warrantor.api.responses import errors
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.rma.search import search_rmas
from warrantor.services.text_search import SEARCH_MOST
from warrantor.views.rmas import RmaOut, rma_out

router = guarded_router(tags=["rmas"])


class SearchHitOut(BaseModel):
    tier: str = Field(description="exact, prefix or fuzzy (in that order)")
    matched: str = Field(
        description="number, serial, proof_of_purchase, tracking, contact_email, "
        "contact_name, or contact (fuzzy)"
    )
    rma: RmaOut


@router.get("/rmas/search", responses=errors(401, 403, 422))
def get_search(
    request: Request,
    runtime: RuntimeDep,
    actor: ActorDep,
    q: Annotated[str, Query(description="RMA number, serial, tracking, proof, name or e-mail")],
    limit: Annotated[int, Query(ge=1, le=SEARCH_MOST)] = 20,
) -> list[SearchHitOut]:
    """RMAs matching ``q``: exact matches first, then prefixes, then fuzzy (staff only)."""
    hits = search_rmas(reads_for(request, runtime), actor, q, limit)
    return [SearchHitOut(tier=h.tier, matched=h.matched, rma=rma_out(h.rma)) for h in hits]

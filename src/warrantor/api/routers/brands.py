"""``/api/v1/brands``: the brands whose policies are loaded, and their product lines."""

from __future__ import annotations

from fastapi import APIRouter

from warrantor.http.deps import RuntimeDep
from warrantor.views.brands import (
    BrandOut,
)

router = APIRouter(tags=["brands"])


@router.get("/brands")
def list_brands(runtime: RuntimeDep) -> list[BrandOut]:
    """Every brand with a policy in force."""
    return [BrandOut(name=name) for name in runtime.book.brands()]


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: answers when the process serves requests."""
    return {"status": "ok"}

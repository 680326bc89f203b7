"""Routes: Direct extension orders and their payment (issue #4)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["orders"])

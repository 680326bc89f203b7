"""``/api/v1/units``: the installed base (list, show, import)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["units"])

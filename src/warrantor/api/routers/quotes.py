"""Routes: Distributor quotes, acceptance, payment, serial assignments and balances (issue #4)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["quotes"])

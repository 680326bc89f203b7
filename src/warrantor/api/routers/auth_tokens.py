"""Routes: API tokens and who-am-I (issue #6)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["auth"])

"""Routes.

The RMA desk: open, troubleshoot, validate, issue numbers, receive, inspect, decide,
repair, ship (issue #5).
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["rmas"])

"""Routes: the workshop steps of an RMA (inspection, SMART upload, decision, repair, replace).

Also the unit's service history (issue #5).
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["rmas"])

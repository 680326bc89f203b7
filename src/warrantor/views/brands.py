"""What a brand, and a model assigned to one of its lines, look like outside (API JSON)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from warrantor.store.catalogue import ModelAssignment


class BrandOut(BaseModel):
    name: str


class ModelAssignmentOut(BaseModel):
    """A model no policy places, assigned to a product line by an admin (one version)."""

    brand: str
    model: str
    product_line: str
    version: int
    assigned_at: datetime
    assigned_by: str


def model_assignment_out(found: ModelAssignment) -> ModelAssignmentOut:
    return ModelAssignmentOut(
        brand=found.brand,
        model=found.model,
        product_line=found.product_line,
        version=found.version,
        assigned_at=found.assigned_at,
        assigned_by=found.assigned_by,
    )

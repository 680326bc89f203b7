"""What a brand looks like outside (API JSON)."""

from __future__ import annotations

from pydantic import BaseModel


class BrandOut(BaseModel):
    name: str

"""The tables of a policy file that declare its vocabulary, and its header.

``[policy]`` says who the policy is for and from when; ``[[clauses]]`` quote
the source text; findings, components, regions, service centres, product lines
and the catalogue name everything the rules and the facts may refer to. Use
these models to read what a policy declares; the rules that use the names are
in ``schema_rules``, and ``references.py`` checks every name a rule uses is
declared here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from warrantor.policy.schema_fields import Country, Id, Strict, capacity_bytes


class PolicyHeader(Strict):
    """``[policy]``: who the policy is for, which version, from when."""

    id: Id
    brand: str = Field(min_length=1)
    version: str = Field(min_length=1)
    effective_from: date
    """A unit is judged by the version in force on its coverage's start date."""
    source: str = Field(min_length=1)
    """Path of the source text, relative to the policy file's folder."""
    title: str = ""


class Clause(Strict):
    """``[[clauses]]``: one sentence of a source text, quoted verbatim, with a stable id."""

    id: Id
    text: str = Field(min_length=1)
    source: str | None = None
    """Source text it quotes, when not the policy's own ``source``."""
    inferred: str | None = None
    """Why the rule is implied rather than stated, when it is."""


class Finding(Strict):
    """``[[findings]]``: an inspection finding a technician may record."""

    id: Id
    description: str = Field(min_length=1)
    voids_unit: bool = False
    """True: the finding voids the unit itself and every later check shows it."""
    ends_service: bool = False
    """True: the maker refuses the service itself, paid repair included (Netac: a counterfeit
    "reject the service provision"); the decision says so and the RMA is rejected."""


class Component(Strict):
    """``[[components]]``: a part a claim may name."""

    id: Id
    description: str = Field(min_length=1)


class Region(Strict):
    """``[[regions]]``: countries the policy treats as one region of purchase and service."""

    id: Id
    name: str
    countries: list[Country] = Field(min_length=1)
    clauses: list[Id] = Field(min_length=1)


class ServiceCentre(Strict):
    """``[[service_centres]]``: where service is given, and whose business days count."""

    id: Id
    name: str
    country: Country
    subdivision: str | None = None
    """The region whose public holidays count too (``ON``: Ontario's, for Toronto)."""
    timezone: str
    closed_on: list[date] = Field(default_factory=list)
    """The centre's own closure days (a company holiday, an inventory day): not business
    days there, whatever the public calendar says."""

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone") from None
        return value


class ProductLine(Strict):
    """``[[lines]]``: a product line (a series) and the model names it covers."""

    id: Id
    name: str
    patterns: list[str] = Field(min_length=1)
    """Regular expressions matched against the whole model name, ignoring case."""
    examples: list[str] = Field(default_factory=list)
    """Real model names the patterns must match (checked by ``policy lint``)."""
    standard_years: int | None = Field(default=None, ge=1, le=25)
    """Standard term; ``None`` when the catalogue gives it per model."""
    clauses: list[Id] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                message = f"pattern {pattern!r} is not a regular expression: {error}"
                raise ValueError(message) from None
        return patterns


class CatalogueEntry(Strict):
    """``[[catalogue]]``: a model's own term and usage limits, as the maker publishes them."""

    model: str = Field(min_length=1)
    line: Id
    years: int = Field(ge=1, le=25)
    tbw_tb: dict[str, float] = Field(default_factory=dict)
    """Terabytes written allowed, by capacity (``"2TB" = 1200``)."""
    demo: bool = False
    """True when the figures are a demo, not the maker's (``note`` says so)."""
    note: str = ""
    source: str = ""
    """Where the figures are published (an address); required unless they are a demo."""
    source_kind: Literal["maker", "third_party"] = "maker"
    """``third_party``: a review's or a shop's figures, which answers never call the maker's."""
    clauses: list[Id] = Field(default_factory=list)

    @field_validator("tbw_tb")
    @classmethod
    def _capacities(cls, table: dict[str, float]) -> dict[str, float]:
        for capacity, terabytes in table.items():
            if capacity_bytes(capacity) is None:
                raise ValueError(f"{capacity!r} is not a capacity like '512GB' or '2TB'")
            if terabytes <= 0:
                raise ValueError(f"the TBW of {capacity} must be positive")
        return table

    @model_validator(mode="after")
    def _demo_says_so(self) -> CatalogueEntry:
        if self.demo and not self.note.strip():
            raise ValueError("a demo entry needs a note saying its figures are not the maker's")
        if not self.demo and not self.source.strip():
            raise ValueError(
                "figures need the address they were published at (source), or demo = true"
            )
        return self

"""The shape of a policy file: the typed model its TOML text is validated into.

``PolicyFile`` is the whole file, one model per table. Every model forbids
unknown keys, so a misspelt key is an error, not a silently ignored line
(``schema_fields``). The tables are declared by concept: the header and the
vocabulary (``schema_vocabulary``), the rules (``schema_rules``, a tagged union
on ``kind``), the test cases (``schema_cases``).

Checks that need the whole file (a clause id that does not exist, a line a
rule names that is not declared) live in ``references.py``; the loader runs
both and maps every error to a line of the file.
"""

from __future__ import annotations

from pydantic import Field

from warrantor.policy.schema_cases import Case, DeskCase
from warrantor.policy.schema_fields import Strict
from warrantor.policy.schema_rules import Rule
from warrantor.policy.schema_vocabulary import (
    CatalogueEntry,
    Clause,
    Component,
    Finding,
    PolicyHeader,
    ProductLine,
    Region,
    ServiceCentre,
)


class PolicyFile(Strict):
    """A policy file as written: one brand, one version."""

    policy: PolicyHeader
    clauses: list[Clause] = Field(min_length=1)
    findings: list[Finding] = Field(default_factory=list)
    components: list[Component] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    service_centres: list[ServiceCentre] = Field(default_factory=list)
    lines: list[ProductLine] = Field(min_length=1)
    catalogue: list[CatalogueEntry] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list)
    desk_cases: list[DeskCase] = Field(default_factory=list)

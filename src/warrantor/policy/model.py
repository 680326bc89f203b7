"""A loaded policy version: the validated file plus the lookups the engine needs.

Built only by the loader, after every check passed, so code holding a
``Policy`` may assume its references resolve. Pure: no I/O here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar, cast

from warrantor.policy.decision import Citation
from warrantor.policy.schema import PolicyFile
from warrantor.policy.schema_fields import capacity_bytes
from warrantor.policy.schema_rules import RuleBase
from warrantor.policy.schema_vocabulary import CatalogueEntry, Clause, Finding, ProductLine

R = TypeVar("R", bound=RuleBase)

_MODEL_AND_CAPACITY = re.compile(
    r"^(?P<model>.*?)\s*(?P<capacity>\d+(?:\.\d+)?\s*(?:GB|TB))$", re.IGNORECASE
)


@dataclass(frozen=True)
class CatalogueMatch:
    """A unit's catalogue entry and, when its model name gives one, its capacity."""

    entry: CatalogueEntry
    capacity: str | None
    capacity_bytes: int | None

    @property
    def tbw_bytes(self) -> int | None:
        """The TBW of this capacity in bytes, or ``None`` when the capacity or figure is unknown."""
        if self.capacity_bytes is None:
            return None
        for name, terabytes in self.entry.tbw_tb.items():
            if capacity_bytes(name) == self.capacity_bytes:
                return round(terabytes * 10**12)
        return None


@dataclass(frozen=True)
class Policy:
    """One brand's policy version, ready to judge facts."""

    doc: PolicyFile
    path: Path
    _patterns: dict[str, tuple[re.Pattern[str], ...]] = field(repr=False, compare=False)
    _rules_by_kind: dict[type[RuleBase], tuple[RuleBase, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """``rules(kind)`` answers, filled on first use: the engine asks for the same few
    kinds on every decision, and the policy never changes once built."""

    @classmethod
    def build(cls, doc: PolicyFile, path: Path) -> Policy:
        patterns = {
            line.id: tuple(re.compile(p, re.IGNORECASE) for p in line.patterns)
            for line in doc.lines
        }
        return cls(doc=doc, path=path, _patterns=patterns)

    # --- identity -------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.doc.policy.id

    @property
    def brand(self) -> str:
        return self.doc.policy.brand

    @property
    def version(self) -> str:
        return self.doc.policy.version

    @property
    def effective_from(self) -> date:
        return self.doc.policy.effective_from

    @property
    def clause_count(self) -> int:
        """How many clauses the policy quotes from its source."""
        return len(self.doc.clauses)

    # --- clauses and rules ----------------------------------------------------------

    def clause(self, clause_id: str) -> Clause:
        for clause in self.doc.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def citation(self, clause_id: str) -> Citation:
        clause = self.clause(clause_id)
        return Citation(clause_id=clause.id, text=clause.text, inferred=clause.inferred)

    def rules(self, kind: type[R]) -> list[R]:
        """Every rule of one kind, in file order (a new list: callers may change it)."""
        found = self._rules_by_kind.get(kind)
        if found is None:
            found = tuple(rule for rule in self.doc.rules if isinstance(rule, kind))
            self._rules_by_kind[kind] = found
        return cast(list[R], list(found))

    def rule(self, kind: type[R]) -> R | None:
        """The first rule of one kind, or ``None`` when the policy has none."""
        found = self.rules(kind)
        return found[0] if found else None

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.doc.findings if f.id == finding_id), None)

    def component_ids(self) -> set[str]:
        return {c.id for c in self.doc.components}

    def region_clauses(self, country: str) -> list[str]:
        """The clauses of the declared region a country belongs to (none for a lone country)."""
        for region in self.doc.regions:
            if country in region.countries:
                return list(region.clauses)
        return []

    def region_of(self, country: str) -> str:
        """The region a country belongs to; a country in no declared region is its own."""
        for region in self.doc.regions:
            if country in region.countries:
                return region.id
        return country

    # --- product lines and the catalogue ---------------------------------------------

    def line(self, line_id: str) -> ProductLine:
        for line in self.doc.lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)

    def lines_matching(self, model: str) -> list[ProductLine]:
        """Every line whose patterns match the whole model name (more than one is a lint)."""
        name = " ".join(model.split())
        return [
            line
            for line in self.doc.lines
            if any(p.fullmatch(name) for p in self._patterns[line.id])
        ]

    def line_of(self, model: str) -> ProductLine | None:
        """The line a model belongs to, or ``None`` when no line matches."""
        found = self.lines_matching(model)
        return found[0] if found else None

    def catalogue_match(self, model: str) -> CatalogueMatch | None:
        """The catalogue entry for a model name like ``"NV7000 2TB"`` (model, then capacity)."""
        name = " ".join(model.split()).upper()
        split = _MODEL_AND_CAPACITY.match(name)
        base, capacity = (split["model"], split["capacity"]) if split else (name, None)
        for entry in self.doc.catalogue:
            wanted = " ".join(entry.model.split()).upper()
            if wanted == name:
                return CatalogueMatch(entry, None, None)
            if wanted == base and capacity is not None:
                return CatalogueMatch(entry, capacity, capacity_bytes(capacity))
        return None

    def catalogue_names(self, entry: CatalogueEntry) -> list[str]:
        """The model names an entry stands for: ``"NV7000 2TB"`` per capacity, or the bare model."""
        if not entry.tbw_tb:
            return [entry.model]
        return [f"{entry.model} {capacity}" for capacity in entry.tbw_tb]

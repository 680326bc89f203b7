"""Keeping the stored catalogue in step with the loaded policies.

Units refer to brands, product lines and models by id; the policies name
them. Before units arrive (an import, a registration) the brands and product
lines the policies define are upserted, and each model is placed in a product
line by its brand's policy, or refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.services.audit import changes as audit
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.catalogue import Brand


class ModelPlacer(Protocol):
    """What the catalogue needs from the policies (``PolicyBook`` is one)."""

    def brands(self) -> list[str]: ...

    def product_line_of(self, brand: str, model: str) -> str | None: ...


def sync_policy_catalogue(uow: UnitOfWork, book: ModelPlacer) -> None:
    """Upsert the brands, and their product lines with names, that the policies define."""
    for brand in book.brands():
        brand_id = uow.catalogue.ensure_brand(brand)
        if isinstance(book, PolicyBook):
            for line_id, name in book.product_lines(brand):
                uow.catalogue.ensure_product_line(brand_id, line_id, name)


def sync_catalogue(uow_factory: UnitOfWorkFactory, book: ModelPlacer) -> None:
    """The use case: bring the stored brands and product lines in line with ``book``."""
    with uow_factory() as uow:
        sync_policy_catalogue(uow, book)


def normalize_model(raw: str) -> str:
    """A model name as stored, trimmed and with runs of spaces made one, as policies match it."""
    return " ".join(raw.split())


def sync_policy_brands(uow: UnitOfWork, book: ModelPlacer) -> dict[str, Brand]:
    """Write the brands and product lines the policies define (``sync_policy_catalogue``),
    then return the stored brands a loaded policy covers, by lower-case name."""
    sync_policy_catalogue(uow, book)
    covered = {name.lower() for name in book.brands()}
    return {key: brand for key, brand in uow.catalogue.brand_ids().items() if key in covered}


class ModelCatalogue:
    """Places models and remembers the answers for one unit of work (an import sees few models).

    ``ensure_model_id`` returns the id of a model the brand's policy places, adding
    the model (and its product line) the first time, or that an admin assigned
    (``model_assignments``) when no policy places it; ``None`` when neither
    does: "a model no policy knows is a reported error, not a silent default".
    """

    MAX_REMEMBERED_UNKNOWN = 10_000
    """A file full of distinct bad model names must not grow memory without bound."""

    def __init__(self, uow: UnitOfWork, book: ModelPlacer) -> None:
        self._uow = uow
        self._book = book
        self._models: dict[tuple[int, str], int | None] = {}
        self._lines: dict[tuple[int, str], int] = {}
        self._unknown = 0

    def ensure_model_id(self, brand_id: int, brand: str, model: str) -> int | None:
        """``model`` is written as the policy matches it: spaces collapsed (``normalize_model``)."""
        key = (brand_id, model)
        if key in self._models:
            return self._models[key]
        line = self._book.product_line_of(brand, model) or self._uow.catalogue.assigned_line(
            brand_id, model
        )
        model_id: int | None = None
        if line is not None:
            line_key = (brand_id, line)
            if line_key not in self._lines:
                self._lines[line_key] = self._uow.catalogue.ensure_product_line(brand_id, line)
            model_id = self._uow.catalogue.ensure_model(brand_id, model, self._lines[line_key])
        elif self._unknown < self.MAX_REMEMBERED_UNKNOWN:
            self._unknown += 1
        else:
            return None
        self._models[key] = model_id
        return model_id


def place_model(
    uow: UnitOfWork, book: ModelPlacer, brand: str, model: str, *, actor: Actor, now: datetime
) -> int:
    """The id of ``model`` of ``brand`` as its policy places it; ``InvalidInput`` if none does.

    For a model a person named (an edit, a replacement unit): a model added to
    a product line, or moved to another, is recorded in the audit trail.
    """
    known = sync_policy_brands(uow, book).get(brand.strip().lower())
    if known is None:
        choices = ", ".join(sorted(book.brands())) or "none"
        raise InvalidInput(
            f"unknown brand {brand!r}",
            [Problem(f"no policy is loaded for brand {brand!r} (known: {choices})", "brand")],
        )
    name = normalize_model(model)
    line_before = uow.catalogue.model_line(known.id, name)
    model_id = ModelCatalogue(uow, book).ensure_model_id(known.id, known.name, name)
    line_after = book.product_line_of(known.name, name)
    if model_id is not None and line_after is not None:
        audit.model_placed(uow, actor, now, known.name, name, line_before, line_after)
    if model_id is None:
        raise InvalidInput(
            f"no {known.name} policy knows model {model!r}",
            [Problem(unplaced_model(known.name, model), "model")],
        )
    return model_id


def unplaced_model(brand: str, model: str) -> str:
    """What is wrong with a model no policy places, and how an admin places it (issue 19)."""
    return (
        f"no {brand} policy places model {model!r} in a product line; an admin can assign it "
        f"to one: warrantor models assign --brand {brand} --model {model!r} --line LINE "
        "--reason WHY, POST /api/v1/models/assignments, or the admin page /admin/models"
    )

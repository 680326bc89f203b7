"""Use cases: an admin assigns a model no policy places to one of its brand's product lines.

Issue 19, item 1. A policy places models by its lines' patterns; a real model
a pattern still misses would otherwise be refused everywhere (import, desk,
sales) until a policy author changes the file. An admin's assignment is data:
each one is a new version (``model_assignments``, never changed), recorded in
the audit trail with its reason (``model.assigned``), and used wherever a
model is placed (``ModelCatalogue``). A model a policy does place can't be
assigned: the policy decides it.
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.errors import Conflict, InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.services.access.users import require_admin
from warrantor.services.audit import changes as audit
from warrantor.services.audit.record import actor_label
from warrantor.services.installed_base.catalogue import normalize_model, sync_policy_brands
from warrantor.services.paging import Page, read_page
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.catalogue import ModelAssignment

MAX_MODEL = 200
"""The models table's column width."""


def assign_model(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    brand: str,
    model: str,
    product_line: str,
    reason: str,
    now: datetime,
) -> ModelAssignment:
    """Assign ``model`` of ``brand`` to ``product_line`` (admin); the new (or unchanged) version.

    ``InvalidInput`` naming the field for an unknown brand or line, an empty
    model or reason; ``Conflict`` when the brand's policy places the model itself.
    Assigning the line a model already has adds no version.
    """
    require_admin(actor, "assign models to product lines")
    name = normalize_model(model)
    problems: list[Problem] = []
    if not name:
        problems.append(Problem("must name a model", "model"))
    elif len(name) > MAX_MODEL:
        problems.append(Problem(f"must be at most {MAX_MODEL} characters", "model"))
    if not reason.strip():
        problems.append(Problem("say why this model belongs to that line", "reason"))
    with uow_factory() as uow:
        known = sync_policy_brands(uow, book).get(brand.strip().lower())
        if known is None:
            choices = ", ".join(sorted(book.brands())) or "none"
            problems.append(
                Problem(f"no policy is loaded for brand {brand!r} ({choices})", "brand")
            )
        else:
            lines = dict(book.product_lines(known.name))
            if product_line not in lines:
                shown = ", ".join(lines)
                problems.append(
                    Problem(f"not a {known.name} product line (one of {shown})", "product_line")
                )
        if problems:
            raise InvalidInput("invalid model assignment", problems)
        assert known is not None  # a missing brand is among the problems
        placed = book.product_line_of(known.name, name)
        if placed is not None:
            raise Conflict(
                f"the {known.name} policy places {name!r} in {placed} itself: an assignment "
                "is only for a model no policy places"
            )
        history = uow.catalogue.assignment_history(known.id, name)
        before = history[-1] if history else None
        if before is not None and before.product_line == product_line:
            return before
        after = uow.catalogue.add_assignment(known.id, name, product_line, now, actor_label(actor))
        line_id = uow.catalogue.ensure_product_line(known.id, product_line)
        uow.catalogue.ensure_model(known.id, name, line_id)
        audit.model_assigned(uow, actor, now, before, after, reason)
        return after


ASSIGNMENTS_LIST = "model_assignments"
"""The assignments in force' name in their page cursors (key: brand name, model)."""


def page_model_assignments(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    brand: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[ModelAssignment]:
    """One page of the assignments in force (each model's latest version), of one brand or
    all, by brand and model, after ``cursor`` (admin). Paged like every list (issue #23,
    item 1): one row per model no policy places, so it grows with the catalogue. Not
    counted (a list over the whole catalogue)."""
    require_admin(actor, "see model assignments")
    with uow_factory() as uow:
        brand_id = None
        if brand is not None:
            found = uow.catalogue.brand_named(brand.strip())
            if found is None:
                return read_page(limit, cursor, ASSIGNMENTS_LIST, (str, str), lambda *_: [], _key)
            brand_id = found.id
        return read_page(
            limit,
            cursor,
            ASSIGNMENTS_LIST,
            (str, str),
            lambda after, most: uow.catalogue.current_assignments(brand_id, most, after),
            _key,
        )


def _key(found: ModelAssignment) -> tuple[str, str]:
    return (found.brand, found.model)


def assignment_history(
    uow_factory: UnitOfWorkFactory, actor: Actor, brand: str, model: str
) -> list[ModelAssignment]:
    """Every version of one model's assignment, oldest first (admin). Read whole: one
    model's versions, each an admin's deliberate change of its line, are a handful."""
    require_admin(actor, "see model assignments")
    with uow_factory() as uow:
        found = uow.catalogue.brand_named(brand.strip())
        if found is None:
            return []
        return uow.catalogue.assignment_history(found.id, normalize_model(model))

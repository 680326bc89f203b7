"""Use case: repair or replace, then finish; and fix the repair cover when the unit ships.

Parts
    The parts used are recorded on the RMA. A part that replaced another
    leaves the removed piece to its owner: the maker, as QNAP's remedy says
    ("replaced parts become the property of QNAP") and as the workshop keeps
    them where a policy is silent.

Replacement
    A replacement unit (new or reconditioned, as the policy allows) with its
    own serial, of the same brand and the same model or a named substitute
    the brand's policy knows, joins the installed base linked to the
    original (``replaces`` / ``replaced_by``). It takes the original's
    purchase facts (its warranty continues the original's, never restarts
    it), the original's extensions move to it with reissued certificates
    (``extension_moves.move_extensions``), and a replacement SSD starts with
    the usage the replaced drive had (``rma_workshop_rules.carried_usage``),
    so it keeps the TBW left.

Finishing (``finish_repair``)
    Each replaced part, or the replacement unit, gets the policy's repair
    cover: the rest of the original coverage (``coverage_until`` of the
    decision) or the minimum counted from the ship day, whichever is longer
    (``repair_coverage`` rule; none when the policy has no such rule). The
    ship day is not known yet: the cover counts from the expected ship day
    and is fixed by ``on_shipped`` when the unit really ships.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from warrantor.certificates.keys import KeyRing
from warrantor.certificates.revocation_words import UNIT_REPLACED
from warrantor.domain.actors import Actor
from warrantor.domain.coverage import UsageReading
from warrantor.domain.rma import Rma
from warrantor.domain.units import Unit
from warrantor.domain.workshop import PartUsed, Replacement, StoredRepairCoverage
from warrantor.errors import N_, Conflict, InvalidInput, Problem, Said
from warrantor.policy.book import PolicyBook
from warrantor.policy.model import Policy
from warrantor.policy.rma_refusals import unit_replacement
from warrantor.policy.workshop_policy import (
    has_usage_limit,
    repair_cover_months,
    replaced_parts_owner,
    usage_limit_bytes,
)
from warrantor.policy.workshop_rules import carried_usage, repair_cover
from warrantor.services.audit import changes as audit
from warrantor.services.installed_base.catalogue import normalize_model, place_model
from warrantor.services.installed_base.coverage_projection import (
    refresh_projections,
    refresh_serials,
)
from warrantor.services.installed_base.units import parse_serial
from warrantor.services.rma.notices import tell_repair_finished
from warrantor.services.rma.refusals import enforce
from warrantor.services.rma.timeline_reasons import REPAIR_FINISHED
from warrantor.services.rma.transitions import apply_event
from warrantor.services.rma.workshop_common import (
    require_state,
    rma_label,
    rma_unit,
    workshop_rma,
)
from warrantor.services.sales.moves import move_extensions
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.units import UnitRecord


@dataclass(frozen=True, slots=True)
class PartInput:
    """A part used in a repair, as the technician enters it."""

    part: str
    quantity: int = 1
    part_number: str | None = None
    replaced: bool = True
    """True: it replaced a part that was removed (the removed piece goes to the maker)."""
    note: str = ""


# --- parts --------------------------------------------------------------------------------


def record_parts(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    parts: Iterable[PartInput],
    now: datetime,
) -> tuple[PartUsed, ...]:
    """Record the parts used on a repairing RMA; returns every part recorded on it."""
    wanted = list(parts)
    problems = []
    for index, part in enumerate(wanted):
        if not part.part.strip():
            problems.append(Problem("name the part", f"parts[{index}].part"))
        if part.quantity < 1:
            problems.append(Problem("must be at least 1", f"parts[{index}].quantity"))
    if not wanted:
        problems.append(Problem("name at least one part", "parts"))
    if problems:
        raise InvalidInput("cannot record the parts", problems)
    with uow_factory() as uow:
        rma = workshop_rma(uow, actor, rma_ref)
        require_state(rma, ("repairing",), N_("record parts"))
        unit, _ = rma_unit(uow, rma)
        owner = replaced_parts_owner(book.judging(unit))
        for part in wanted:
            uow.workshop.add_part(
                rma.id,
                PartUsed(
                    part=part.part.strip(),
                    part_number=(part.part_number or "").strip() or None,
                    quantity=part.quantity,
                    replaced=part.replaced,
                    removed_part_owner=owner if part.replaced else None,
                    note=part.note.strip(),
                    recorded_at=now,
                    recorded_by=actor.label,
                ),
            )
        return uow.workshop.parts(rma.id)


# --- replacement --------------------------------------------------------------------------


def replace_unit(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    keys: KeyRing,
    actor: Actor,
    rma_ref: str | int,
    new_serial: str,
    now: datetime,
    *,
    condition: str = "new",
    model: str | None = None,
    note: str = "",
) -> Replacement:
    """Replace the RMA's unit by another with its own serial; see the module docstring."""
    serial = parse_serial(new_serial)
    with uow_factory() as uow:
        rma = workshop_rma(uow, actor, rma_ref)
        require_state(rma, ("repairing",), N_("replace the unit"))
        original, original_id = rma_unit(uow, rma)
        policy = book.judging(original)
        enforce(unit_replacement(policy, condition))
        if uow.units.id_of(original.brand, serial) is not None:
            raise Conflict(f"a {original.brand} unit with serial {serial} already exists")
        if uow.workshop.replacement_links(original_id)[1] is not None:
            raise Conflict(f"{original.brand} {original.serial} has already been replaced")
        model_name = normalize_model(model) if model and model.strip() else original.model
        model_id = place_model(uow, book, original.brand, model_name, actor=actor, now=now)
        replacement_id = _add_replacement_unit(
            uow, original.brand, original_id, serial, model_id, now
        )
        replacement = uow.units.get(original.brand, serial)
        assert replacement is not None
        why = f"replaces {original.serial} (RMA {rma_label(rma)})"
        audit.unit_changed(uow, actor, now, None, replacement, why=why)
        carried = _carried(uow, policy, rma, original, original_id, replacement)
        uow.workshop.add_replacement(
            rma.id,
            original_id,
            replacement_id,
            condition,
            carried,
            replaced_parts_owner(policy),
            note.strip(),
            actor.label,
            now,
        )
        if carried is not None:
            source = f"carried over from {original.serial}, replaced on RMA {rma_label(rma)}"
            uow.units.add_reading(
                replacement_id,
                UsageReading(bytes_written=carried, read_on=now.date(), source=source),
                now,
            )
        if uow.extensions.for_unit(original.brand, original.serial):
            move_extensions(
                uow,
                keys,
                brand=original.brand,
                from_serial=original.serial,
                to_serial=serial,
                now=now,
                reason=Said(UNIT_REPLACED, serial=serial, rma=rma_label(rma)),
                actor=actor,
            )
        refresh_projections(uow, book, [original_id, replacement_id])
        return uow.workshop.replacements_for_rma(rma.id)[-1]


def _add_replacement_unit(
    uow: UnitOfWork, brand: str, original_id: int, serial: str, model_id: int, now: datetime
) -> int:
    """Store the replacement with the original's purchase facts (its warranty continues)."""
    row = uow.workshop.unit_row(original_id)
    assert row is not None
    uow.units.upsert(
        UnitRecord(
            brand_id=row.brand_id,
            serial=serial,
            model_id=model_id,
            manufactured_on=row.manufactured_on,
            first_invoiced_on=row.first_invoiced_on,
            first_invoiced_to_id=row.first_invoiced_to_id,
            purchased_on=row.purchased_on,
            proof_of_purchase=row.proof_of_purchase,
            country_of_purchase=row.country_of_purchase,
            owner_id=row.owner_id,
            channel=row.channel,
        ),
        now,
    )
    unit_id = uow.units.id_of(brand, serial)
    assert unit_id is not None
    return unit_id


def _carried(
    uow: UnitOfWork, policy: Policy, rma: Rma, original: Unit, original_id: int, new: Unit
) -> int | None:
    """The usage a replacement drive starts with; ``None`` for units without a usage limit."""
    if not has_usage_limit(policy, original):
        return None
    reading = uow.units.latest_reading(original_id)
    if reading is None:
        message = (
            f"the replaced {original.model} has a usage limit and no reading: upload its SMART "
            f"report on RMA {rma_label(rma)} first, so the replacement keeps the TBW left"
        )
        raise InvalidInput(message, [Problem(message, "serial")])
    return carried_usage(
        reading.bytes_written, usage_limit_bytes(policy, original), usage_limit_bytes(policy, new)
    )


# --- finishing ----------------------------------------------------------------------------


def finish_repair(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    now: datetime,
    *,
    expected_ship_on: date | None = None,
    note: str = "",
) -> tuple[str, tuple[StoredRepairCoverage, ...]]:
    """Finish the repair (``finish_repair``) and store the repair cover it earns.

    Returns the new state and the covers stored (not fixed until the unit ships).
    """
    ships_on = expected_ship_on or now.date()
    if ships_on < now.date():
        message = f"the expected ship day {ships_on} is in the past"
        raise InvalidInput(message, [Problem(message, "expected_ship_on")])
    with uow_factory() as uow:
        rma = workshop_rma(uow, actor, rma_ref)
        require_state(rma, ("repairing",), N_("finish the repair"))
        unit, unit_id = rma_unit(uow, rma)
        months = repair_cover_months(book.judging(unit))
        if months is not None:
            _store_covers(uow, rma, unit_id, months, ships_on, now)
        why = note.strip() or REPAIR_FINISHED
        state = apply_event(uow, rma.id, "finish_repair", actor, why, now)
        replacements = uow.workshop.replacements_for_rma(rma.id)
        replaced_by = replacements[-1].replacement_serial if replacements else None
        tell_repair_finished(uow, rma, now, replaced_by=replaced_by)
        covers = uow.workshop.repair_coverages_of_rma(rma.id)
        refresh_serials(uow, book, {(cover.brand, cover.serial) for cover in covers})
        return state, covers


def _store_covers(
    uow: UnitOfWork, rma: Rma, unit_id: int, minimum: int, ships_on: date, now: datetime
) -> None:
    decisions = uow.workshop.decisions(rma.id)
    original_end = decisions[-1].coverage_until if decisions else None
    label = rma_label(rma)
    replaced = uow.workshop.replacements_for_rma(rma.id)
    covers: list[tuple[int, str, str | None, str]] = []
    if replaced:
        new = replaced[-1]
        new_id = uow.units.id_of(new.brand, new.replacement_serial)
        assert new_id is not None
        reason = f"replacement for {new.original_serial} (RMA {label})"
        covers.append((new_id, "replacement_unit", None, reason))
    else:
        parts = [p for p in uow.workshop.parts(rma.id) if p.replaced]
        for name in dict.fromkeys(p.part for p in parts):
            covers.append((unit_id, "repaired_part", name, f"{name} replaced (RMA {label})"))
        if not parts:
            covers.append((unit_id, "repaired_part", None, f"repair (RMA {label})"))
    for holder, kind, part_name, reason in covers:
        cover = repair_cover(ships_on, original_end, minimum, reason)
        uow.workshop.add_repair_coverage(
            rma.id, holder, kind, part_name, cover, original_end, minimum, now
        )


def on_shipped(
    uow: UnitOfWork, rma: Rma, shipped_on: date, now: datetime | None = None
) -> tuple[StoredRepairCoverage, ...]:
    """Fix the RMA's repair covers from the day the unit shipped (call in the ship's unit of work).

    The minimum counts from ``shipped_on``; the rest of the original coverage
    does not move. Covers already fixed are left as they are.
    """
    at = now or datetime.combine(shipped_on, time(0), tzinfo=UTC)
    for stored in uow.workshop.repair_coverages_of_rma(rma.id):
        if stored.fixed:
            continue
        cover = repair_cover(shipped_on, stored.original_ends_on, stored.minimum_months, "")
        uow.workshop.fix_repair_coverage(stored.id, cover.starts_on, cover.ends_on, at)
    return uow.workshop.repair_coverages_of_rma(rma.id)

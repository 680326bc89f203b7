"""Use case: inspect a received unit: findings from the policy's vocabulary, SMART data.

The first inspection step on a received RMA starts the inspection
(``start_inspection``); later steps add to it while the RMA is inspecting.

Findings
    Each finding must be one the unit's policy declares (``[[findings]]``);
    an unknown one is ``InvalidInput`` naming it and listing the allowed ones,
    and nothing is written. A finding that voids the unit itself (the policy
    says ``voids_unit``) is also recorded on the unit, so every later check
    shows it.

SMART data (``smartctl --json``)
    Read with ``warrantor.smart``. The drive's serial is compared with the
    unit's: a mismatch is kept on the report and flags the RMA for a person.
    Bytes written (plus any usage carried over from a drive this one
    replaced, see ``rma_workshop_rules``) and power-on hours become a usage
    reading on the unit. A report that can't be read (not smartctl JSON, a
    write counter of unknown unit, ...) is refused with smartctl's own words,
    the RMA stays in its state, and it is flagged for a person: the flag is
    committed in its own unit of work before the refusal is raised.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.domain.coverage import UsageReading
from warrantor.domain.rma import Rma
from warrantor.domain.workshop import SmartReport, WorkshopRecord
from warrantor.errors import N_, InvalidInput, Problem, Said, SmartError
from warrantor.policy.book import PolicyBook
from warrantor.policy.fact_errors import finding_errors
from warrantor.policy.workshop_policy import has_usage_limit, inspection_finding
from warrantor.services.audit import changes as audit
from warrantor.services.installed_base.coverage_projection import (
    refresh_projections,
    refresh_serials,
)
from warrantor.services.rma.timeline_reasons import (
    INSPECTION_STARTED,
    SMART_NO_SERIAL,
    SMART_OTHER_SERIAL,
    SMART_UNREADABLE,
)
from warrantor.services.rma.transitions import apply_event, flag_for_person
from warrantor.services.rma.workshop_common import (
    require_state,
    rma_label,
    rma_unit,
    workshop_rma,
)
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.smart import check_serial, read_smartctl_json
from warrantor.smart.reading import SmartReading

INSPECTION_STATES = ("received", "inspecting")


def _start_if_received(uow: UnitOfWork, rma: Rma, actor: Actor, now: datetime) -> None:
    require_state(rma, INSPECTION_STATES, N_("inspect the unit"))
    if rma.state == "received":
        apply_event(uow, rma.id, "start_inspection", actor, INSPECTION_STARTED, now)


def record_findings(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    findings: Iterable[str],
    now: datetime,
    note: str = "",
) -> WorkshopRecord:
    """Record inspection findings on the RMA (and voiding ones on the unit); returns the record.

    No findings at all is an inspection that found nothing the policy names:
    it starts the inspection and records nothing.
    """
    wanted = [f.strip() for f in findings if f.strip()]
    with uow_factory() as uow:
        rma = workshop_rma(uow, actor, rma_ref)
        unit, unit_id = rma_unit(uow, rma)
        policy = book.judging(unit)
        unknown = finding_errors(policy, "findings", wanted)
        if unknown:
            raise InvalidInput(
                "; ".join(e.message for e in unknown),
                [Problem(e.message, e.fact) for e in unknown],
            )
        _start_if_received(uow, rma, actor, now)
        already = {f.finding for f in uow.workshop.findings(rma.id)}
        for finding_id in dict.fromkeys(wanted):
            if finding_id in already:
                continue
            finding = inspection_finding(policy, finding_id)
            assert finding is not None
            uow.workshop.add_finding(rma.id, finding_id, finding.voids_unit, note, actor.label, now)
            if finding.voids_unit and finding_id not in unit.voiding_findings:
                why = f"RMA {rma_label(rma)}: {finding.description}"
                uow.units.add_finding(unit_id, finding_id, actor.label, now, note=why)
                label = rma_label(rma)
                audit.unit_voided(uow, actor, now, unit, finding_id, rma=label, why=note)
                unit = replace(unit, voiding_findings=(*unit.voiding_findings, finding_id))
        refresh_projections(uow, book, [unit_id])
        return uow.workshop.record(rma.id)


def upload_smart(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    file_name: str,
    content: bytes | str,
    now: datetime,
) -> SmartReport:
    """Read an uploaded ``smartctl --json`` report into the inspection and the unit's usage.

    A report that can't be read: ``InvalidInput`` (field ``file``) with the
    reason, the RMA flagged for a person, nothing else changed.
    """
    with uow_factory() as uow:  # who and when, before reading anything
        rma = workshop_rma(uow, actor, rma_ref)
        require_state(rma, INSPECTION_STATES, N_("read SMART data"))
        unit, _ = rma_unit(uow, rma)
        if not has_usage_limit(book.judging(unit), unit):
            message = (
                f"the {unit.brand} {unit.model} has no usage limit: SMART data is read for drives"
            )
            raise InvalidInput(message, [Problem(message, "file")])
    try:
        reading = storable(read_smartctl_json(content))
    except SmartError as error:
        reason = Said(SMART_UNREADABLE, file=repr(file_name), problem=error.message)
        with uow_factory() as uow:
            flag_for_person(uow, rma.id, reason, actor, now)
        raise InvalidInput(
            f"RMA {rma_label(rma)}: {reason}. The RMA stays {rma.state} and is flagged "
            "for a person.",
            [Problem(error.message, "file")],
        ) from None
    with uow_factory() as uow:
        rma = workshop_rma(uow, actor, rma_ref)
        report = _record_reading(uow, rma, actor, file_name, reading, now)
        refresh_serials(uow, book, [(rma.brand, rma.serial)])
        return report


MAX_STORED = 2**63 - 1
"""The largest count a reading is kept as (a 64-bit integer column, on both engines)."""


def storable(reading: SmartReading) -> SmartReading:
    """``reading``, or ``SmartError`` when a count is past what the store keeps: no drive
    writes 9 exabytes or runs a billion years, so such a report is damaged or made up."""
    counts = ((reading.bytes_written, reading.unit_rule), (reading.power_on_hours, "hours"))
    for value, what in counts:
        if value is not None and value > MAX_STORED:
            raise SmartError(f"{what} gives a {len(str(value))}-digit count; no drive does")
    return reading


def _record_reading(
    uow: UnitOfWork, rma: Rma, actor: Actor, file_name: str, reading: SmartReading, now: datetime
) -> SmartReport:
    _start_if_received(uow, rma, actor, now)
    unit, unit_id = rma_unit(uow, rma)
    matches = check_serial(reading, unit.serial)
    carried = uow.workshop.carried_bytes_written(unit_id)
    report = SmartReport(
        id=0,
        file_name=file_name,
        model_name=reading.model_name,
        serial_reported=reading.serial_number,
        serial_matches=matches,
        protocol=reading.protocol.value,
        drive_bytes_written=reading.bytes_written,
        carried_bytes_written=carried,
        power_on_hours=reading.power_on_hours,
        unit_rule=reading.unit_rule,
        notes=reading.smartctl_notes,
        read_on=now.date(),
        recorded_at=now,
        recorded_by=actor.label,
    )
    report_id = uow.workshop.add_smart_report(rma.id, report)
    source = f"SMART report {file_name} on RMA {rma_label(rma)} ({reading.unit_rule})"
    if carried:
        source += f" + {carried} bytes carried over from the replaced drive"
    uow.units.add_reading(
        unit_id,
        UsageReading(bytes_written=report.counted_bytes_written, read_on=now.date(), source=source),
        now,
        power_on_hours=reading.power_on_hours,
    )
    if not matches:
        named = {"file": repr(file_name), "expected": unit.serial}
        flag_for_person(
            uow,
            rma.id,
            Said(SMART_OTHER_SERIAL, found=reading.serial_number, **named)
            if reading.serial_number
            else Said(SMART_NO_SERIAL, **named),
            actor,
            now,
        )
    return replace(report, id=report_id)

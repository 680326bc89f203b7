"""``smartctl --json`` output -> a ``SmartReading``, or a ``SmartError`` saying why not.

The one entry point the RMA desk and services call. It loads the document,
picks the bytes-written rule by ``device.protocol`` (NVMe or ATA), and passes
smartctl's own complaints on: as the error when the report has no data, as
``smartctl_notes`` when it has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from warrantor.smart.ata import TO_A_PERSON, ata_bytes_written
from warrantor.smart.document import load_document
from warrantor.smart.errors import BadField, SmartctlFailed, WriteUnitUnknown
from warrantor.smart.exit_status import (
    describe_exit_status,
    exit_status,
    messages,
    notes,
    run_failed,
)
from warrantor.smart.fields import count, lookup, optional_text
from warrantor.smart.nvme import NVME_LOG, nvme_bytes_written
from warrantor.smart.reading import DeviceProtocol, SmartReading, WriteCount

ATA_SECTIONS = ("ata_smart_attributes", "ata_device_statistics")


def read_smartctl_json(text: str | bytes) -> SmartReading:
    """Read one uploaded ``smartctl --json`` report (``-a`` or ``-x``)."""
    return reading_from_document(load_document(text))


def reading_from_document(document: Mapping[str, Any]) -> SmartReading:
    """Read an already-parsed smartctl document (see ``load_document``)."""
    protocol = _protocol(document)
    writes = _bytes_written(document, protocol)
    hours = lookup(document, "power_on_time.hours")
    return SmartReading(
        model_name=optional_text(document, "model_name"),
        model_family=optional_text(document, "model_family"),
        serial_number=optional_text(document, "serial_number"),
        firmware_version=optional_text(document, "firmware_version"),
        protocol=protocol,
        power_on_hours=None if hours is None else count(hours, "power_on_time.hours"),
        bytes_written=writes.bytes_written,
        unit_rule=writes.unit_rule,
        smartctl_notes=notes(document["smartctl"]),
    )


def _protocol(document: Mapping[str, Any]) -> DeviceProtocol:
    name = lookup(document, "device.protocol")
    if name is None:
        _no_data(document, "the report names no device protocol", "device.protocol")
    try:
        return DeviceProtocol(name)
    except ValueError:
        raise WriteUnitUnknown(
            f"no bytes-written rule for {name!r} devices (only NVMe and ATA). {TO_A_PERSON}"
        ) from None


def _bytes_written(document: Mapping[str, Any], protocol: DeviceProtocol) -> WriteCount:
    if protocol is DeviceProtocol.NVME:
        log = document.get(NVME_LOG)
        if not isinstance(log, Mapping):
            _no_data(document, "the report has no NVMe SMART/health log", NVME_LOG)
        return nvme_bytes_written(log)
    if not any(key in document for key in ATA_SECTIONS):
        _no_data(document, "the report has no SMART attributes", "ata_smart_attributes")
    return ata_bytes_written(document)


def _no_data(document: Mapping[str, Any], what: str, field: str) -> NoReturn:
    """Explain missing data by smartctl's own failure where it reported one."""
    smartctl = document["smartctl"]
    if run_failed(smartctl):
        status = exit_status(smartctl)
        said = messages(smartctl) + describe_exit_status(status or 0)
        raise SmartctlFailed(
            f"smartctl could not read the device, so {what}: " + "; ".join(said),
            messages(smartctl),
            status,
        )
    raise BadField(f"{what} ('{field}'); run smartctl with --json -a (or -x)", field)

"""A SMART reading: what the warranty desk takes from one ``smartctl --json`` report."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DeviceProtocol(StrEnum):
    """The device protocols with a bytes-written rule (smartctl's ``device.protocol``)."""

    NVME = "NVMe"
    ATA = "ATA"


@dataclass(frozen=True, slots=True)
class WriteCount:
    """Bytes written by the host (decimal bytes) and the rule that produced the number.

    ``unit_rule`` names the counter and the factor, e.g.
    ``"nvme data_units_written x 512000"``, so anyone can redo the arithmetic.
    """

    bytes_written: int
    unit_rule: str


@dataclass(frozen=True, slots=True)
class SmartReading:
    """One drive's identity, power-on hours and host bytes written.

    ``power_on_hours`` is ``None`` when the report has no ``power_on_time``;
    it is not the warranty's age (that counts from the start date).
    ``smartctl_notes`` carries smartctl's messages and set exit-status bits,
    e.g. a failed command on a drive that still reported its counters.
    """

    model_name: str | None
    model_family: str | None
    serial_number: str | None
    firmware_version: str | None
    protocol: DeviceProtocol
    power_on_hours: int | None
    bytes_written: int
    unit_rule: str
    smartctl_notes: tuple[str, ...] = ()

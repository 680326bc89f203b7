"""Does the drive's own serial match the unit on the RMA? Flag a mismatch, don't decide."""

from __future__ import annotations

from warrantor.smart.reading import SmartReading


def _normalise(serial: str) -> str:
    return serial.strip().upper()


def check_serial(reading: SmartReading, unit_serial: str) -> bool:
    """True when the serial in the SMART report is the unit's (trimmed, case-insensitive).

    False when they differ or the report has no serial; the RMA desk shows a
    mismatch to the agent, who decides (a swapped drive, a typo, a redacted report).
    """
    if reading.serial_number is None:
        return False
    return _normalise(reading.serial_number) == _normalise(unit_serial)

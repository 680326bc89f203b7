"""What smartctl says about its own run: ``smartctl.exit_status`` bits and ``messages``.

smartctl's exit status is a bit mask (smartctl(8), "RETURN VALUES"). Bits 0-2
mean smartctl itself could not do its job; bits 3-7 report what it found on
the disk. Both are passed on to the RMA desk: the first kind explains a
report without data, the second is worth a technician's eye.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

EXIT_STATUS_BITS: tuple[str, ...] = (
    "command line did not parse",
    "device open failed, or the device did not identify itself, or is in a low-power mode",
    "some SMART or other command to the disk failed, or a SMART data checksum was wrong",
    "SMART status check returned 'DISK FAILING'",
    "prefail attributes are at or below threshold",
    "some attributes have been at or below threshold in the past",
    "the device error log contains records of errors",
    "the device self-test log contains records of errors",
)
"""Meaning of each exit-status bit, bit 0 first."""

RUN_FAILED_MASK = 0b111
"""Bits meaning smartctl could not read (all of) the device."""


def exit_status(smartctl: Mapping[str, Any]) -> int | None:
    """The exit status smartctl recorded in its own JSON, if any."""
    value = smartctl.get("exit_status")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def describe_exit_status(status: int) -> tuple[str, ...]:
    """One line per set bit, e.g. ``"exit status bit 2: some SMART ... failed"``."""
    return tuple(
        f"exit status bit {bit}: {meaning}"
        for bit, meaning in enumerate(EXIT_STATUS_BITS)
        if status & (1 << bit)
    )


def messages(smartctl: Mapping[str, Any], *, errors_only: bool = False) -> tuple[str, ...]:
    """smartctl's ``messages`` as text, e.g. ``"error: Smartctl open device: ... failed"``."""
    found = []
    for entry in smartctl.get("messages") or ():
        if not isinstance(entry, Mapping):
            continue
        severity = str(entry.get("severity", "information"))
        if errors_only and severity != "error":
            continue
        found.append(f"{severity}: {entry.get('string', '')}".rstrip())
    return tuple(found)


def run_failed(smartctl: Mapping[str, Any]) -> bool:
    """True when smartctl says it could not read (all of) the device."""
    status = exit_status(smartctl) or 0
    return bool(status & RUN_FAILED_MASK) or bool(messages(smartctl, errors_only=True))


def notes(smartctl: Mapping[str, Any]) -> tuple[str, ...]:
    """Everything smartctl said about the run, for a reading that did have data."""
    status = exit_status(smartctl) or 0
    return messages(smartctl) + describe_exit_status(status)

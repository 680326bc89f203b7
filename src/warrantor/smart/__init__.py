"""SMART reports (``smartctl --json``) -> host bytes written and power-on hours.

Pure: text in, a ``SmartReading`` or a ``SmartError`` out. One concept per module:

- ``document``    is it smartctl JSON at all
- ``exit_status`` smartctl's own messages and exit-status bits
- ``nvme``        the NVMe rule (data units x 512,000)
- ``ata_rules``   the SATA attribute table (id + name -> unit)
- ``ata``         applying that table, with the device-statistics fallback
- ``reader``      putting it together
- ``serial``      does the report's serial match the unit's
"""

from __future__ import annotations

from warrantor.errors import SmartError
from warrantor.smart.errors import (
    BadField,
    NotJson,
    NotSmartctlOutput,
    SmartctlFailed,
    WriteUnitUnknown,
)
from warrantor.smart.reader import read_smartctl_json, reading_from_document
from warrantor.smart.reading import DeviceProtocol, SmartReading
from warrantor.smart.serial import check_serial

__all__ = [
    "BadField",
    "DeviceProtocol",
    "NotJson",
    "NotSmartctlOutput",
    "SmartError",
    "SmartReading",
    "SmartctlFailed",
    "WriteUnitUnknown",
    "check_serial",
    "read_smartctl_json",
    "reading_from_document",
]

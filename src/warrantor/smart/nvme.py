"""Bytes written on an NVMe drive.

NVMe counts host writes in "data units" of 1000 512-byte sectors, i.e.
512,000 bytes (NVMe 1.3 §5.14.1.2; smartmontools nvmeprint.cpp). smartctl
copies the counter into ``nvme_smart_health_information_log.data_units_written``
and, for values above 2^53 that a JSON reader may round, also into
``data_units_written_s`` as a decimal string; the string is preferred.
``host_writes`` in the same log counts write *commands*, not bytes: never used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from warrantor.smart.errors import BadField
from warrantor.smart.fields import count, decimal_string
from warrantor.smart.reading import WriteCount

NVME_LOG = "nvme_smart_health_information_log"
DATA_UNIT_BYTES = 512_000
UNIT_RULE = f"nvme data_units_written x {DATA_UNIT_BYTES}"
_SAFE_INTEGER = 2**53


def nvme_bytes_written(log: Mapping[str, Any]) -> WriteCount:
    """Bytes written from the NVMe SMART / health log; ``BadField`` if the counter is bad."""
    field = f"{NVME_LOG}.data_units_written"
    as_string = log.get("data_units_written_s")
    as_number = log.get("data_units_written")
    if as_string is None and as_number is None:
        raise BadField(f"the NVMe health log has no '{field}'", field)
    if as_string is None:
        units = count(as_number, field)
    else:
        units = decimal_string(as_string, field + "_s")
        if (
            isinstance(as_number, int)
            and not isinstance(as_number, bool)
            and as_number < _SAFE_INTEGER
            and as_number != units
        ):
            raise BadField(
                f"'{field}' is {as_number} but '{field}_s' is {as_string!r}; they should agree",
                field,
            )
    return WriteCount(bytes_written=units * DATA_UNIT_BYTES, unit_rule=UNIT_RULE)

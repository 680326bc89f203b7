"""A hostile SMART upload is a 422 naming the file, never a 500: JSON nested 100,000 deep, a
number of 5,000 digits, a counter past what any drive counts (the RMA is flagged)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from workshop_support import FIXTURES, NETAC_UNIT, TECHNICIAN, Workshop

NVME = "scrutiny__smart-nvme.json"


def nvme_with_units(units: str) -> bytes:
    document = json.loads((FIXTURES / NVME).read_text())
    document["nvme_smart_health_information_log"]["data_units_written_s"] = units
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-100000-deep"),
        pytest.param(
            b'{"smartctl": {}, "json_format_version": ' + b"9" * 5000 + b"}", id="5000-digits"
        ),
        pytest.param(nvme_with_units("9" * 5000), id="5000-digit-counter-string"),
        pytest.param(nvme_with_units(str(2**100)), id="counter-past-64-bits"),
    ],
)
def test_a_hostile_smart_report_is_refused_naming_the_file(
    workshop: Workshop, client_as: Any, content: bytes
) -> None:
    rma = workshop.rma(NETAC_UNIT, service_country="CN")

    answer = client_as(TECHNICIAN).post(
        f"/api/v1/rmas/{rma.number}/inspection/smart", files={"file": ("smart.json", content)}
    )

    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["problems"][0]["field"] == "file"
    assert workshop.get(rma.id).needs_attention

"""The NVMe rule is exact for counters too big for a JSON number (2^53 and up)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warrantor.smart import BadField, read_smartctl_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "smartctl"
NVME = "scrutiny__smart-nvme.json"
MAX_DATA_UNITS = 2**128 - 1  # the field is 16 bytes wide in the NVMe health log


def nvme_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / NVME).read_text())
    return document


@given(units=st.integers(min_value=2**53, max_value=MAX_DATA_UNITS), keep_number=st.booleans())
def test_string_form_gives_exact_bytes_for_big_counters(units: int, keep_number: bool) -> None:
    document = nvme_document()
    log = document["nvme_smart_health_information_log"]
    log["data_units_written_s"] = str(units)
    if keep_number:
        log["data_units_written"] = float(units)  # what a lossy JSON writer would leave
    else:
        del log["data_units_written"]
    reading = read_smartctl_json(json.dumps(document))
    assert reading.bytes_written == units * 512_000


@given(units=st.integers(min_value=0, max_value=2**53 - 1))
def test_string_and_number_agree_below_2_53(units: int) -> None:
    document = nvme_document()
    log = document["nvme_smart_health_information_log"]
    log["data_units_written"] = units
    log["data_units_written_s"] = str(units)
    assert read_smartctl_json(json.dumps(document)).bytes_written == units * 512_000


def test_a_float_counter_alone_is_refused_because_it_may_have_lost_digits() -> None:
    document = nvme_document()
    document["nvme_smart_health_information_log"]["data_units_written"] = float(2**60)
    with pytest.raises(BadField):
        read_smartctl_json(json.dumps(document))


def test_string_and_number_that_disagree_are_refused() -> None:
    document = nvme_document()
    document["nvme_smart_health_information_log"]["data_units_written_s"] = "7773432"
    with pytest.raises(BadField, match="should agree"):
        read_smartctl_json(json.dumps(document))

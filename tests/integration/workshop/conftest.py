"""Fixtures for the workshop tests (helpers in ``workshop_support``)."""

from __future__ import annotations

from typing import Any

import pytest
from workshop_support import Workshop, seed


@pytest.fixture
def workshop(runtime: Any, add_units: Any) -> Workshop:
    """Accounts CUST-A and CUST-B, the QNAP and Netac test units, and helpers."""
    return seed(runtime, add_units)

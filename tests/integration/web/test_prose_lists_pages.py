"""A list in a page's prose is joined as the page's language joins one (issue #26): the
brands a serial could be ("QNAP or Netac"; "QNAP oder Netac"; "QNAP或Netac")."""

from __future__ import annotations

import html
from typing import Any

import pytest
from fastapi.testclient import TestClient

SERIAL = "QLIST0001"
UNITS = [
    {
        "brand": "QNAP",
        "serial": SERIAL,
        "model": "TS-453 Pro",
        "purchased_on": "2024-02-01",
        "proof_of_purchase": "RECEIPT-1",
        "country_of_purchase": "US",
    },
    {
        "brand": "Netac",
        "serial": SERIAL,
        "model": "NV3000 1TB",
        "purchased_on": "2024-03-01",
        "proof_of_purchase": "INV-1",
        "country_of_purchase": "CN",
    },
]


@pytest.fixture
def same_serial(add_units: Any) -> None:
    add_units(UNITS)


@pytest.mark.parametrize(
    ("language", "choice"),
    [("en", "Netac or QNAP"), ("de", "Netac oder QNAP"), ("zh-CN", "Netac或QNAP")],
)
def test_the_brands_a_serial_could_be_are_a_choice_in_the_pages_language(
    client: TestClient, same_serial: None, language: str, choice: str
) -> None:
    page = client.get("/check", params={"serial": SERIAL}, headers={"Accept-Language": language})

    text = html.unescape(page.text)
    assert choice in text, text[text.find("card error") :][:400]
    assert "Netac, QNAP" not in text

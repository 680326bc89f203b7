"""The import's fast row check agrees with its thorough one on every kind of row.

``RowChecker._fast`` exists for speed; if it ever accepted a row the
thorough check refuses (or staged it differently), bad data would get in.
"""

from __future__ import annotations

from datetime import date

import pytest

from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.catalogue import ModelCatalogue, sync_policy_brands
from warrantor.services.installed_base.unit_import_file import COLUMNS
from warrantor.services.installed_base.unit_import_rows import RowChecker
from warrantor.services.uow import UnitOfWorkFactory

GOOD = [
    "QNAP",
    "Q-1",
    "TS-453 Pro",
    "2024-01-01",
    "2024-02-01",
    "DIST",
    "2024-03-01",
    "INV-1",
    "US",
    "CUST",
    "retail",
]

VARIANTS: list[dict[int, str]] = [
    {},
    {0: " qnap "},
    {1: " q-1 "},
    {1: "Q 1"},
    {1: "Q" * 65},
    {1: "Ä1"},
    {1: "ß"},
    {2: "TS-453  Pro"},
    {2: " ts-453 pro "},
    {2: "TS-999 Imaginary"},
    {2: ""},
    {0: "Netac", 2: "NV7000 2TB"},
    {0: "Acme"},
    {3: "2024-02-30"},
    {3: "2024-1-01"},
    {3: "٢٠٢٤-٠١-٠١"},
    {3: "20240101"},
    {3: ""},
    {3: "2024-04-01"},
    {4: "2024-03-02"},
    {6: ""},
    {6: "2023-12-31", 4: ""},
    {8: "us"},
    {8: "USA"},
    {8: "U1"},
    {8: "ÜS"},
    {10: "RETAIL"},
    {10: "pigeon"},
    {10: ""},
    {7: "x" * 201},
    {5: "x" * 101},
    {9: ""},
    # hostile and implausible (issue #21): a NUL anywhere, a day not yet begun, no country
    {1: "Q\x001"},
    {2: "TS-453 Pro\x00"},
    {5: "DIST\x00"},
    {7: "INV\x00-1"},
    {9: "CU\x00ST"},
    {6: "2999-01-01"},
    {3: "2999-01-01", 4: "", 6: ""},
    {8: "XX"},
    {8: "UK"},
    {3: "45123"},
]


@pytest.mark.parametrize("variant", VARIANTS, ids=[str(v) for v in VARIANTS])
def test_the_fast_check_accepts_only_what_the_thorough_one_accepts(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, variant: dict[int, str]
) -> None:
    cells = [variant.get(i, value) for i, value in enumerate(GOOD)]
    with uow_factory() as uow:
        checker = RowChecker(
            list(COLUMNS),
            sync_policy_brands(uow, policy_book),
            ModelCatalogue(uow, policy_book),
            latest=date(2026, 1, 1),
        )

        fast = checker._fast(cells, 2)
        thorough, problems = checker._thorough(cells, 2)

    assert fast == thorough
    assert (thorough is None) == bool(problems)

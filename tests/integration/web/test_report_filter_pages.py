"""Report pages narrowed by the filters (issue #23, item 3): the page and its CSV keep them,
the CSV holds every row of a report longer than a page, and a wrong filter is a 422 naming
the field."""

from __future__ import annotations

import csv
import io
from typing import Any

from portal_support import ADMIN


def _units(count: int, country: str, prefix: str) -> list[dict[str, str]]:
    """QNAP units bought on 20 December 2024: their 2 years end on 19 December 2026."""
    return [{"brand": "QNAP", "serial": f"{prefix}{n:04d}", "model": "TS-453 Pro",
             "purchased_on": "2024-12-20", "proof_of_purchase": f"R{prefix}{n}",
             "country_of_purchase": country} for n in range(count)]  # fmt: skip


def _rows(answer: Any) -> list[dict[str, str]]:
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_the_csv_holds_every_filtered_row_of_a_report_longer_than_a_page(
    client_as: Any, add_units: Any
) -> None:
    add_units(_units(130, "US", "QU") + _units(3, "CA", "QC"))
    admin = client_as(ADMIN)

    page = admin.get("/reports/expiring", params={"country": "us"})
    every = _rows(admin.get("/reports/expiring.csv", params={"country": "us"}))
    canada = _rows(admin.get("/reports/expiring.csv", params={"country": "CA"}))

    assert page.status_code == 200
    assert page.text.count("QU0") == 100  # one page of the table
    assert "QC0" not in page.text
    assert "country=us" in page.text and "cursor=" in page.text  # the next page keeps the filter
    assert len(every) == 130 and {r["serial"][:2] for r in every} == {"QU"}
    assert [r["serial"] for r in canada] == ["QC0000", "QC0001", "QC0002"]


def test_a_wrong_filter_is_a_422_naming_the_field(client_as: Any) -> None:
    admin = client_as(ADMIN)

    brand = admin.get("/reports/rmas-per-line", params={"brand": "Acme"})
    country = admin.get("/reports/sla.csv", params={"country": "USA"})
    refused = admin.get("/reports/attach", params={"service_centre": "qnap-us"})

    assert brand.status_code == 422 and "no brand &#39;Acme&#39;" in brand.text
    assert country.status_code == 422
    assert refused.status_code == 422 and "service centre" in refused.text


def test_the_filters_offer_lines_and_centres_by_their_names_and_keep_the_choice(
    client_as: Any,
) -> None:
    page = client_as(ADMIN).get(
        "/reports/rmas-per-line", params={"product_line": "ts-x53", "service_centre": "qnap-ca"}
    )

    assert page.status_code == 200, page.text
    assert '<option value="TS-x53" selected>TS-x53 NAS Series</option>' in page.text
    assert '<option value="netac-nvme">Netac NVMe SSD</option>' in page.text
    assert '<option value="qnap-ca" selected>QNAP RMA, Canada</option>' in page.text
    assert '<option value="qnap-us">QNAP RMA, USA</option>' in page.text
    assert '<input name="product_line"' not in page.text  # nobody types a line's id

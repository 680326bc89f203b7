"""The admin's model assignments page (/admin/models, issue 19, item 1)."""

from __future__ import annotations

import re
from typing import Any

from portal_support import ADMIN, AGENT, field_error


def test_the_admin_assigns_a_model_and_sees_it(client_as: Any) -> None:
    admin = client_as(ADMIN)
    form = {"brand": "QNAP", "model": "TS-h973AX", "product_line": "TS-x53",
            "reason": "nearest series"}  # fmt: skip
    assert admin.post("/admin/models", data=form, follow_redirects=False).status_code == 303
    page = admin.get("/admin/models").text
    assert "TS-h973AX" in page and "TS-x53" in page
    # the line is chosen by its name, the id sent
    assert '<select id="f-product_line" name="product_line"' in page
    assert '<option value="netac-nvme" >Netac NVMe SSD (Netac)</option>' in page


def test_a_bad_assignment_is_named_next_to_its_field(client_as: Any) -> None:
    admin = client_as(ADMIN)
    form = {"brand": "QNAP", "model": "TS-h973AX", "product_line": "TS-x99", "reason": ""}
    page = admin.post("/admin/models", data=form)
    assert page.status_code == 422
    assert field_error(page.text, "reason") == "is required"
    placed = admin.post("/admin/models", data=form | {"product_line": "TS-x99", "reason": "x"})
    assert "not a QNAP product line" in field_error(placed.text, "product_line")
    policy_placed = admin.post(
        "/admin/models",
        data={
            "brand": "QNAP",
            "model": "TS-453D",
            "product_line": "TS-x70",
            "reason": "x",
        },
    )
    assert policy_placed.status_code == 422
    assert "in TS-x53 itself" in policy_placed.text  # the message, quotes escaped


def test_model_assignments_are_for_admins_only(client_as: Any) -> None:
    assert client_as(AGENT).get("/admin/models").status_code == 403


def test_the_assignments_page_on_with_a_pager(client_as: Any, monkeypatch: Any) -> None:
    from warrantor.web import admin_models

    admin = client_as(ADMIN)
    for model in ("ZZ-2", "ZZ-1", "ZZ-3"):
        form = {"brand": "QNAP", "model": model, "product_line": "TS-x53", "reason": "nearest"}
        assert admin.post("/admin/models", data=form, follow_redirects=False).status_code == 303
    monkeypatch.setattr(admin_models, "MODELS_PAGE", 2)
    url, pages = "/admin/models", []
    while True:
        html = admin.get(url).text
        pages.append(re.findall(r'data-label="Model">(ZZ-\d)<', html))
        link = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', html)
        if link is None:
            break
        url = link.group(1).replace("&amp;", "&")
    assert pages == [["ZZ-1", "ZZ-2"], ["ZZ-3"]]
    assert admin.get("/admin/models", params={"cursor": "nope"}).status_code == 422

"""Issue 19, item 1: a model no policy places is assigned to a product line by an admin.

Through the API (and the import that then accepts the model), on both engines:
the import's refusal says how; each assignment is a new version and an audit
row with its reason; a model the policy places itself can't be assigned.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from warrantor.domain.actors import Actor, Role
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.audit import TrailFilter

UNPLACED = "TS-h973AX"
"""A real QNAP model (ZFS "h" line) that no series pattern of qnap.toml matches."""

ROW = {
    "brand": "QNAP", "serial": "QASG0001", "model": UNPLACED, "country_of_purchase": "US",
    "purchased_on": "2025-01-15", "proof_of_purchase": "INV-1", "manufactured_on": "2024-12-01",
}  # fmt: skip


@pytest.fixture
def admin(client_as: Any) -> TestClient:
    client: TestClient = client_as(Actor(Role.ADMIN, "MAKER", user_id=1, name="admin"))
    return client


def assign(client: TestClient, line: str, reason: str = "QNAP lists it with the x73") -> Any:
    body = {"brand": "qnap", "model": f" {UNPLACED} ", "product_line": line, "reason": reason}
    return client.post("/api/v1/models/assignments", json=body)


def test_the_import_refusal_says_how_an_admin_places_the_model(
    admin: TestClient, units_csv: Any
) -> None:
    response = admin.post("/api/v1/units/import", files={"file": ("u.csv", units_csv([ROW]))})
    assert response.status_code == 422
    (problem,) = response.json()["error"]["problems"]
    assert problem["field"] == "model"
    assert "no QNAP policy places model 'TS-h973AX'" in problem["message"]
    assert "warrantor models assign --brand QNAP --model 'TS-h973AX'" in problem["message"]
    assert "POST /api/v1/models/assignments" in problem["message"]


def test_an_assigned_model_is_imported_into_its_line_and_judged_by_it(
    admin: TestClient, units_csv: Any
) -> None:
    response = assign(admin, "TS-x53")
    assert response.status_code == 201, response.text
    assert response.json() | {"assigned_at": None} == {
        "brand": "QNAP",
        "model": UNPLACED,
        "product_line": "TS-x53",
        "version": 1,
        "assigned_at": None,
        "assigned_by": "user 1 (admin)",
    }
    imported = admin.post("/api/v1/units/import", files={"file": ("u.csv", units_csv([ROW]))})
    assert imported.status_code == 200, imported.text
    unit = admin.get("/api/v1/units/QNAP/QASG0001").json()
    assert unit["product_line"] == "TS-x53"
    coverage = admin.get("/api/v1/units/QNAP/QASG0001/coverage?on=2026-01-10").json()
    assert coverage["outcome"] == "covered"
    assert coverage["covered_until"] == "2027-01-14"  # TS-x53: 2 years from the purchase


def test_each_assignment_is_a_version_with_its_audit_row_and_reason(
    admin: TestClient, uow_factory: UnitOfWorkFactory
) -> None:
    assert assign(admin, "TS-x53", "first guess").json()["version"] == 1
    assert assign(admin, "TS-x53", "same line again").json()["version"] == 1  # no new version
    assert assign(admin, "TS-x70", "the datasheet says x70").json()["version"] == 2

    history = admin.get(
        "/api/v1/models/assignments", params={"brand": "QNAP", "model": UNPLACED}
    ).json()
    assert [(a["version"], a["product_line"]) for a in history] == [(1, "TS-x53"), (2, "TS-x70")]
    in_force = admin.get("/api/v1/models/assignments").json()
    assert [(a["model"], a["version"]) for a in in_force] == [(UNPLACED, 2)]

    with uow_factory(read_only=True) as uow:
        wanted = TrailFilter(subject_kind="model", subject_id=f"QNAP/{UNPLACED}", limit=10)
        rows = list(reversed(uow.audit.page(wanted)))
    assert [(r.action, r.before, r.after, r.why) for r in rows] == [
        ("model.assigned", None, {"product_line": "TS-x53", "version": 1}, "first guess"),
        (
            "model.assigned",
            {"product_line": "TS-x53", "version": 1},
            {"product_line": "TS-x70", "version": 2},
            "the datasheet says x70",
        ),
    ]
    trail = admin.get("/api/v1/audit", params={"kind": "model", "id": f"QNAP/{UNPLACED}"})
    assert "the datasheet says x70" in trail.text


def test_a_model_the_policy_places_is_not_assigned(admin: TestClient) -> None:
    body = {"brand": "QNAP", "model": "TS-453D", "product_line": "TS-x70", "reason": "no"}
    response = admin.post("/api/v1/models/assignments", json=body)
    assert response.status_code == 409
    assert "places 'TS-453D' in TS-x53 itself" in response.json()["error"]["message"]


def test_a_bad_assignment_names_each_field(admin: TestClient) -> None:
    body = {"brand": "Acme", "model": " ", "product_line": "TS-x53", "reason": ""}
    response = admin.post("/api/v1/models/assignments", json=body)
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["error"]["problems"]}
    assert fields == {"brand", "model", "reason"}
    unknown_line = assign(admin, "TS-x99")
    assert unknown_line.status_code == 422
    assert [p["field"] for p in unknown_line.json()["error"]["problems"]] == ["product_line"]


def test_only_an_admin_assigns(client_as: Any) -> None:
    agent: TestClient = client_as(Actor(Role.AGENT, "MAKER", user_id=2, name="agent"))
    assert assign(agent, "TS-x53").status_code == 403
    assert agent.get("/api/v1/models/assignments").status_code == 403


def test_the_assignments_in_force_page_by_brand_and_model_stable_under_an_insert(
    admin: TestClient,
) -> None:
    def place(model: str, line: str = "TS-x53") -> None:
        body = {"brand": "QNAP", "model": model, "product_line": line, "reason": "nearest"}
        assert admin.post("/api/v1/models/assignments", json=body).status_code == 201

    for model in ("ZZ-3", "ZZ-1", "ZZ-5"):
        place(model)
    place("ZZ-1", "TS-x70")  # a second version: still one row, its latest
    url = "/api/v1/models/assignments"
    first = admin.get(url, params={"limit": 2})
    place("ZZ-4")  # after the cursor: shown once, on the next page
    place("ZZ-0")  # before it: not shown on a later page
    link = first.headers["link"]
    second = admin.get(link[1 : link.index(">")])
    every = admin.get(url, params={"limit": 1000, "brand": "QNAP"})

    assert first.status_code == 200, first.text
    assert [(a["model"], a["version"]) for a in first.json()] == [("ZZ-1", 2), ("ZZ-3", 1)]
    assert first.headers["x-total-count-kind"] == "none"
    assert [a["model"] for a in second.json()] == ["ZZ-4", "ZZ-5"]
    assert "link" not in second.headers
    assert [a["model"] for a in every.json()] == ["ZZ-0", "ZZ-1", "ZZ-3", "ZZ-4", "ZZ-5"]
    assert admin.get(url, params={"brand": "Acme"}).json() == []
    bad = admin.get(url, params={"cursor": "not-a-cursor"})
    assert bad.status_code == 422
    assert bad.json()["error"]["problems"][0]["field"] == "cursor"
    history = admin.get(url, params={"brand": "QNAP", "model": "ZZ-1", "limit": 1})
    assert [a["version"] for a in history.json()] == [1, 2]  # one model's versions: whole

"""Hostile input is a 4xx naming the field, never a 500, on both engines (issue #21, item 1):
NUL characters in any text, ids past 64 bits, dates out of range, numbers of thousands of
digits, JSON nested 100,000 deep; and nothing is stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from warrantor.domain.actors import Actor, Role
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

ADMIN = Actor(Role.ADMIN, None, None, "ops")
AGENT = Actor(Role.AGENT, None, 2, "alex")
CERTIFICATE = (
    Path(__file__).resolve().parents[2]
    / "fixtures/certificates/before_pades/EW-QNAP-2026-000001.json"
)
HUGE_ID = "99999999999999999999"  # 20 digits: past a signed 64-bit integer
PAST_32_BITS = "2147483648"  # past PostgreSQL's INTEGER, which the id columns are


def problem_fields(answer: Any) -> list[str | None]:
    assert answer.status_code == 422, answer.text
    return [p["field"] for p in answer.json()["error"]["problems"]]


def test_a_nul_in_a_query_parameter_is_refused_naming_it(client: TestClient) -> None:
    answer = client.get("/api/v1/coverage", params={"serial": "QE\x00001"})

    assert problem_fields(answer) == ["serial"]
    assert "NUL" in answer.json()["error"]["problems"][0]["message"]


def test_a_nul_in_a_path_is_refused_naming_the_parameter(client: TestClient) -> None:
    answer = client.get("/api/v1/units/QNAP/QE%00001/coverage")

    assert problem_fields(answer) == ["serial"]


def test_a_nul_in_a_json_body_is_refused_naming_where(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/coverage/batch", json={"items": [{"serial": "OK1"}, {"serial": "A\x00B"}]}
    )

    assert problem_fields(answer) == ["items.1.serial"]


def test_a_nul_in_a_new_users_name_stores_nothing(
    client_as: Any, uow_factory: UnitOfWorkFactory
) -> None:
    with uow_factory() as uow:
        uow.accounts.upsert(Account("MAKER", "The maker", "admin"), _now())
    body = {
        "email": "nul@example.com",
        "name": "Nul\x00Byte",
        "role": "agent",
        "account": "MAKER",
        "password": "a long enough password",
    }

    answer = client_as(ADMIN).post("/api/v1/users", json=body)

    assert problem_fields(answer) == ["name"]
    with uow_factory() as uow:
        assert uow.users.by_email("nul@example.com") is None


def test_a_nul_in_a_form_field_is_refused_naming_it(client: TestClient) -> None:
    form = client.get("/login")
    token = form.cookies.get("warrantor_login_csrf") or ""

    answer = client.post(
        "/login", data={"email": "a\x00@example.com", "password": "x", "login_token": token}
    )

    assert problem_fields(answer) == ["email"]


@pytest.mark.parametrize("number", [HUGE_ID, PAST_32_BITS])
@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/orders/{}", "order_id"),
        ("/api/v1/quotes/{}", "quote_id"),
        ("/api/v1/unauthorized-returns/{}", "parcel_id"),
    ],
)
def test_an_id_no_id_column_holds_is_refused_naming_it(
    client_as: Any, path: str, field: str, number: str
) -> None:
    answer = client_as(AGENT).get(path.format(number))

    assert problem_fields(answer) == [field]


def test_an_id_past_64_bits_in_a_json_body_is_refused_naming_it(client_as: Any) -> None:
    answer = client_as(AGENT).post(
        "/api/v1/orders", json={"serial": "Q1", "years": int(HUGE_ID), "account": "X"}
    )

    assert problem_fields(answer) == ["years"]


def test_a_token_for_a_hundred_million_days_is_refused_naming_the_field(client_as: Any) -> None:
    answer = client_as(AGENT).post(
        "/api/v1/tokens", json={"name": "forever", "expires_in_days": 10**8}
    )

    assert problem_fields(answer) == ["expires_in_days"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-100000-deep"),
        pytest.param(b'{"items": [{"serial": ' + b"7" * 5000 + b"}]}", id="5000-digits"),
    ],
)
def test_a_json_body_that_cant_be_read_is_a_400_saying_why(client: TestClient, body: bytes) -> None:
    answer = client.post(
        "/api/v1/coverage/batch", content=body, headers={"content-type": "application/json"}
    )

    assert answer.status_code in (400, 422), answer.text
    assert answer.json()["error"]["message"]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-100000-deep"),
        pytest.param(b'{"format": ' + b"1" * 5000 + b"}", id="5000-digits"),
    ],
)
def test_a_hostile_certificate_upload_is_refused_naming_the_file(
    client: TestClient, content: bytes
) -> None:
    answer = client.post(
        "/api/v1/certificates/verify", files={"file": ("cert.json", content, "application/json")}
    )

    assert problem_fields(answer) == ["file"]


def test_a_nul_in_an_uploaded_certificate_is_refused_naming_the_member(
    client: TestClient,
) -> None:
    document = json.loads(CERTIFICATE.read_text())
    document["number"] = "W-1\x00"
    document["buyer"]["name"] = "Nul\x00"
    content = json.dumps(document).encode()

    answer = client.post(
        "/api/v1/certificates/verify", files={"file": ("cert.json", content, "application/json")}
    )

    assert problem_fields(answer) == ["number", "buyer.name"]


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

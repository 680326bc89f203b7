"""A NUL character in any text of any API operation is a 422 naming the field, on both
engines, before the operation reads anything (``http.request_guard``); so is an id no id
column holds. Every operation of the OpenAPI document that takes input is tried, so one
added later is tried too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from route_walk import app_for_routes
from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.http.request_guard import GuardedRoute
from warrantor.policy.book import PolicyBook
from warrantor.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[3]
NUL_TEXT = "A\x00B"
PAST_32_BITS = "2147483648"


def _spec() -> dict[str, Any]:
    runtime = Runtime(
        settings=Settings(),
        uow_factory=None,  # type: ignore[arg-type]  # routes only, nothing runs
        book=PolicyBook.from_dir(PROJECT_ROOT / "policies"),
    )
    spec: dict[str, Any] = create_app(runtime).openapi()
    return spec


SPEC = _spec()


def _schema_type(parameter: dict[str, Any]) -> str:
    schema = parameter.get("schema", {})
    kinds = [schema.get("type")] + [s.get("type") for s in schema.get("anyOf", [])]
    return "integer" if "integer" in kinds else "string" if "string" in kinds else "other"


def _with_input() -> list[tuple[str, str]]:
    found = []
    for path, operations in SPEC["paths"].items():
        for method, operation in operations.items():
            if operation.get("parameters") or operation.get("requestBody"):
                found.append((method.upper(), path))
    return sorted(found)


def hostile_request(method: str, path: str) -> tuple[dict[str, Any], str]:
    """The request to send (for ``TestClient.request``) and the field it must be named by:
    a NUL in the first text it takes, else an id past 32 bits."""
    operation = SPEC["paths"][path][method.lower()]
    parameters = operation.get("parameters", [])
    in_path = {p["name"]: _schema_type(p) for p in parameters if p["in"] == "path"}
    text_params = [p["name"] for p in parameters if _schema_type(p) == "string"]
    url = path
    for name, kind in in_path.items():
        value = "1" if kind == "integer" else "SAFE"
        url = url.replace("{" + name + "}", value)
    request: dict[str, Any] = {"method": method, "url": url}
    if text_params:
        name = text_params[0]
        where = next(p["in"] for p in parameters if p["name"] == name)
        if where == "path":
            request["url"] = path.replace("{" + name + "}", "A%00B")
            for other in in_path:
                request["url"] = request["url"].replace("{" + other + "}", "1")
        else:
            request["params"] = {name: NUL_TEXT}
        return request, name
    body = operation.get("requestBody", {}).get("content", {})
    if "application/json" in body:
        request["json"] = {"note": NUL_TEXT}
        return request, "note"
    if "multipart/form-data" in body:
        request["data"] = {"note": NUL_TEXT}
        request["files"] = {"file": ("f.csv", b"x")}
        return request, "note"
    name = next(p["name"] for p in parameters if _schema_type(p) == "integer")
    if name in in_path:
        request["url"] = path.replace("{" + name + "}", PAST_32_BITS)
    else:
        request["params"] = {name: PAST_32_BITS}
    return request, name


@pytest.mark.parametrize(("method", "path"), _with_input(), ids=lambda v: str(v))
def test_a_nul_or_an_id_out_of_range_is_refused_naming_the_field(
    client: TestClient, method: str, path: str
) -> None:
    request, field = hostile_request(method, path)

    answer = client.request(**request)

    assert answer.status_code == 422, (request, answer.text)
    assert field in [p["field"] for p in answer.json()["error"]["problems"]], answer.text
    assert not re.search(r"Traceback|Internal Server Error", answer.text)


def test_every_route_the_app_serves_is_guarded() -> None:
    """The pages and the API's operations alike (those left out of the OpenAPI document
    too): each is a ``GuardedRoute``, which refuses hostile input before the route reads
    the request; a router made as a bare ``APIRouter`` would let its routes through."""
    app = app_for_routes()
    routes = [context.original_route for context in iter_route_contexts(app.routes)]
    served = [route for route in routes if isinstance(route, APIRoute)]
    assert len(served) > 150  # the walk found the app's routes, pages and API both
    unguarded = sorted(r.path for r in served if not isinstance(r, GuardedRoute))
    assert unguarded == []


def test_a_page_with_a_nul_in_its_query_is_a_422_page_naming_the_field() -> None:
    """A browser's refusal is an error page (``http.errors``: by its ``Accept``)."""
    app = create_app(
        Runtime(
            settings=Settings(),
            uow_factory=None,  # type: ignore[arg-type]  # refused before anything runs
            book=PolicyBook.from_dir(PROJECT_ROOT / "policies"),
        )
    )
    response = TestClient(app).get(
        "/check", params={"serial": NUL_TEXT}, headers={"accept": "text/html"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "serial" in response.text

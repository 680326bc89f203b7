"""Security headers: a public page, a signed-in page and an API answer each carry them;
HSTS and Secure cookies once the public address is HTTPS; the pages keep to their CSP."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from portal_support import ANN, add_accounts

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.services.uow import UnitOfWorkFactory

WEB = Path(__file__).resolve().parents[3] / "src" / "warrantor" / "web"


def policy(response: Any) -> dict[str, str]:
    """The response's Content-Security-Policy, directive by directive."""
    directives = (d.strip() for d in response.headers["content-security-policy"].split(";"))
    return {name: value for name, _, value in (d.partition(" ") for d in directives if d)}


def test_a_public_page_allows_no_inline_script_no_eval_and_no_framing(client: TestClient) -> None:
    page = client.get("/")

    assert page.status_code == 200
    csp = policy(page)
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert "unsafe" not in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "strict-transport-security" not in page.headers  # served over plain HTTP


def test_a_signed_in_page_is_never_stored(uow_factory: UnitOfWorkFactory, client_as: Any) -> None:
    add_accounts(uow_factory)

    page = client_as(ANN).get("/my")

    assert page.status_code == 200, page.text
    assert page.headers["cache-control"] == "no-store"
    assert policy(page)["frame-ancestors"] == "'none'"
    assert page.headers["referrer-policy"] == "no-referrer"


def test_an_api_answer_may_load_and_run_nothing(client: TestClient) -> None:
    answer = client.get("/api/v1/brands")

    assert answer.status_code == 200
    assert answer.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == "no-store"


def test_static_files_may_be_cached(client: TestClient) -> None:
    script = client.get("/static/htmx-2.0.11.min.js")

    assert script.status_code == 200
    assert "cache-control" not in script.headers
    assert script.headers["x-content-type-options"] == "nosniff"


@pytest.fixture
def https_client(runtime: Runtime) -> Iterator[TestClient]:
    settings = runtime.settings.model_copy(update={"public_base_url": "https://warranty.example"})
    with TestClient(create_app(replace(runtime, settings=settings))) as client:
        yield client


def test_behind_https_every_answer_has_hsts_and_every_cookie_is_secure(
    https_client: TestClient,
) -> None:
    login = https_client.get("/login")  # sets the sign-in form's cookie

    assert login.headers["strict-transport-security"] == "max-age=31536000"
    cookies = login.headers.get_list("set-cookie")
    assert cookies and all(re.search(r";\s*Secure", c) for c in cookies), cookies
    assert "strict-transport-security" in https_client.get("/api/v1/brands").headers


def test_the_api_docs_page_allows_exactly_its_own_inline_script(client: TestClient) -> None:
    docs = client.get("/api/docs")

    (inline,) = re.findall(rb"<script>(.*?)</script>", docs.content, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(inline).digest()).decode()
    csp = policy(docs)
    assert f"'sha256-{digest}'" in csp["script-src"].split()
    assert "unsafe" not in docs.headers["content-security-policy"]
    assert csp["frame-ancestors"] == "'none'"


def test_no_docs_page_loads_a_script_the_policy_would_refuse(client: TestClient) -> None:
    """FastAPI's ReDoc page fetches its script from a CDN, which ``script-src`` refuses:
    it is not served (the Swagger page at /api/docs is, from our own files)."""
    assert client.get("/redoc").status_code == 404
    assert client.get("/api/docs").status_code == 200


def test_the_templates_have_no_inline_script_handler_or_style() -> None:
    found = []
    for path in sorted(WEB.rglob("*.html")) + sorted(WEB.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"\son[a-z]+\s*=",
            r"\sstyle\s*=",
            "javascript:",
        ):
            found += [f"{path.name}: {m}" for m in re.findall(pattern, text)]
    assert found == []


def test_htmx_is_configured_without_eval_script_tags_or_its_inline_styles(
    client: TestClient,
) -> None:
    page = client.get("/").text

    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert config is not None
    assert '"allowEval":false' in config.group(1)
    assert '"includeIndicatorStyles":false' in config.group(1)
    assert '"allowScriptTags":false' in config.group(1)

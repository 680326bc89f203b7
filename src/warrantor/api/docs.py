"""The API's interactive documentation (``/api/docs``, Swagger UI), with its own CSP.

FastAPI's page loads Swagger UI from a CDN and starts it with an inline
script, which the pages' Content-Security-Policy (``http.security_headers``)
forbids. Rather than loosen that policy for every page, this one page names
what it loads, and allows its own inline script by hash (computed from the
page itself, so it can't go stale when FastAPI changes the script).
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from warrantor.http.request_guard import guarded_router

router = guarded_router(include_in_schema=False)

SWAGGER_CDN = "https://cdn.jsdelivr.net"
FASTAPI_FAVICON = "https://fastapi.tiangolo.com"

_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def script_hashes(page: bytes) -> list[str]:
    """The CSP source of each inline ``<script>`` of ``page`` (``'sha256-...'``)."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(page)
    ]


def docs_policy(page: bytes) -> str:
    return "; ".join(
        (
            "default-src 'none'",
            " ".join(("script-src", SWAGGER_CDN, *script_hashes(page))),
            f"style-src {SWAGGER_CDN}",
            f"img-src 'self' data: {FASTAPI_FAVICON}",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


@router.get("/api/docs")
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI over ``/api/openapi.json``, under a policy that allows just that."""
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/api/openapi.json",
        title=f"{request.app.title} - API",
    )
    page.headers["Content-Security-Policy"] = docs_policy(bytes(page.body))
    return page

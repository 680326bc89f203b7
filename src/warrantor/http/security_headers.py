"""Security headers on every answer, set in one place (issue #21, item 5).

When and why:

- ``Content-Security-Policy`` on pages: scripts, styles, images and fonts
  from this site only, no inline script, no ``eval``, no plugins, forms post
  here only, and no other site may frame a page (``frame-ancestors 'none'``,
  with ``X-Frame-Options: DENY`` for older browsers). The pages keep to it:
  htmx is a static file, configured (``<meta name="htmx-config">`` in
  ``base.html``) with ``allowEval: false`` and ``includeIndicatorStyles:
  false`` (htmx would otherwise add an inline ``<style>``). Other answers
  (JSON, CSV) get ``default-src 'none'``: nothing in them should ever run; a
  PDF only ``frame-ancestors``, so the browser's viewer may show it. A route
  that needs its own policy (the API docs page) sets it, and it is kept.
- ``X-Content-Type-Options: nosniff``: a file is what its type says.
- ``Referrer-Policy: no-referrer``: certificate links carry their signature in
  the URL, and a page must not hand that to the next site.
- ``Cache-Control: no-store`` on everything but the static files (unless a
  route says otherwise): signed-in pages and API answers hold personal data
  that no shared cache or back button should keep.
- When the public URL is HTTPS: ``Strict-Transport-Security`` and every
  cookie marked ``Secure`` (whatever set it), so neither goes out over HTTP.

Plain ASGI (like ``read_your_writes``): it only edits the response's first message.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warrantor.bootstrap import Runtime

PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
"""What a page may load and run: its own site's files, nothing inline, nothing framing it."""

DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"
"""For answers that are data (JSON, CSV, text): nothing in them may load or run."""

PDF_POLICY = "frame-ancestors 'none'"
"""A PDF: the browser's own viewer shows it; no other site frames it."""

HSTS = "max-age=31536000"
"""A year of HTTPS only, once the public address is HTTPS (not for subdomains: not ours)."""

STATIC_PREFIX = "/static/"


def policy_for(content_type: str) -> str:
    """The Content-Security-Policy for an answer of ``content_type``."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in ("text/html", "image/svg+xml"):
        return PAGE_POLICY
    if kind == "application/pdf":
        return PDF_POLICY
    return DATA_POLICY


def _secure_cookie(value: bytes) -> bytes:
    attributes = {part.strip().lower() for part in value.split(b";")[1:]}
    return value if b"secure" in attributes else value + b"; Secure"


class SecurityHeadersMiddleware:
    """Adds the headers above to each HTTP answer, keeping any a route set itself."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.https = runtime.settings.effective_base_url.lower().startswith("https://")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(STATIC_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                if self.https:
                    message["headers"] = [
                        (name, _secure_cookie(value) if name.lower() == b"set-cookie" else value)
                        for name, value in message["headers"]
                    ]
                headers = MutableHeaders(scope=message)
                headers.setdefault(
                    "Content-Security-Policy", policy_for(headers.get("content-type", ""))
                )
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
                if not static:
                    headers.setdefault("Cache-Control", "no-store")
                if self.https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security_headers(app: FastAPI, runtime: Runtime) -> None:
    """Add the middleware; HSTS and ``Secure`` cookies when the runtime's public URL is
    HTTPS (read when the app serves its first request)."""
    app.add_middleware(SecurityHeadersMiddleware, runtime=runtime)

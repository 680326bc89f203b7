"""One structured log line and one latency observation per request (issue #22).

``RequestLog`` is an ASGI middleware, installed by ``create_app`` just inside
the trusted-proxy handling. For each HTTP request it:

- takes the request id from ``X-Request-ID`` when the client (or the proxy in
  front) sent a sensible one, else makes one, binds it to the log context so
  every line logged while serving the request carries it, and sends it back
  in the answer's ``X-Request-ID``;
- when the answer is done, logs ``request`` on ``warrantor.requests`` with the
  method, the route template (``/api/v1/units/{serial}``: never the serial,
  which is in ``path``), the path, the status, the duration, the actor
  (``role:user id``, or ``anonymous``: no name, e-mail or client address, which
  are personal data) and, when tracing is on, the trace id;
- observes the duration in ``warrantor_http_request_duration_seconds``.

The actor is whoever ``http.actor`` found (it leaves it on ``request.state``).
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any, ClassVar

from fastapi.routing import iter_route_contexts
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warrantor.domain.actors import Actor
from warrantor.telemetry.logs import SteadyLogger, bind_contextvars, clear_contextvars
from warrantor.telemetry.metrics import REQUEST_SECONDS
from warrantor.telemetry.tracing import current_trace_id

REQUEST_ID_HEADER = "X-Request-ID"
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
"""A request id from outside is kept when it looks like one (a UUID, a proxy's hex id);
anything else (long, spaces, control characters) is replaced by one of ours."""
UNMATCHED = "<unmatched>"
"""The route label of a request no route matched (a 404): one label, not one per path."""
ACTOR_STATE = "actor"
"""Where ``http.actor`` leaves the actor it found, on ``request.state``."""

log = SteadyLogger("warrantor.requests")


def actor_label(actor: Actor | None) -> str:
    """How the logs name an actor: role and user id, never a name."""
    if actor is None:
        return "anonymous"
    return f"{actor.role.value}:{actor.user_id if actor.user_id is not None else 'cli'}"


class RouteTemplates:
    """The full template of the route that served a request (``/static`` for the files).

    FastAPI leaves the route a request matched in ``scope["route"]``, but a route
    of an included router keeps its own path there, without the prefix it was
    included under (``/units/{serial}`` for ``/api/v1/units/{serial}``); the
    app's route contexts know the full one. Reading them builds every route's
    dependencies (about a second for this app), so the templates found are kept
    for the process, per route object: the routers are module-level and every app
    includes them under the same prefixes, so an app built again (each test builds
    its own) finds its routes known and reads the contexts only for a route not
    met before."""

    _known: ClassVar[dict[int, tuple[Any, str]]] = {}
    """Route id -> (the route, kept so its id can't be reused; its full template)."""

    def __call__(self, scope: Scope) -> str:
        route = scope.get("route")
        if route is None:
            return UNMATCHED
        path = self._template_of(route)
        if path is None:
            app = scope.get("app")
            for context in iter_route_contexts(getattr(app, "routes", [])):
                template = context.path_format or context.path or ""
                self._known.setdefault(
                    id(context.original_route), (context.original_route, template)
                )
            path = self._template_of(route) or getattr(route, "path", None)
        return path if isinstance(path, str) and path else UNMATCHED

    def _template_of(self, route: Any) -> str | None:
        known = self._known.get(id(route))
        return known[1] if known is not None and known[0] is route else None


METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
"""The methods the metric names; any other a client sends is counted as ``OTHER``."""


class Latencies:
    """``REQUEST_SECONDS``'s series for a method, route template and status, looked up once:
    ``labels`` converts and checks its labels and takes the metric's lock on every call (a
    few per cent of a short request's time in the middleware). Bounded: a client may send
    any method, so a method outside ``METHODS`` is labelled ``OTHER`` (else each made-up
    method would add series to the metric for good), and the map starts again when full."""

    MAX = 4096

    def __init__(self) -> None:
        self._series: dict[tuple[str, str, int], Any] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        method = method if method in METHODS else "OTHER"
        key = (method, route, status)
        series = self._series.get(key)
        if series is None:
            if len(self._series) >= self.MAX:
                self._series.clear()
            series = self._series[key] = REQUEST_SECONDS.labels(method, route, str(status))
        series.observe(seconds)


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text: str = value.decode("latin-1").strip()
            if ACCEPTED_REQUEST_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


class RequestLog:
    """See the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.route_template = RouteTemplates()
        self.latencies = Latencies()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        clear_contextvars()
        bind_contextvars(request_id=request_id)
        state: dict[str, Any] = scope.setdefault("state", {})
        status = 500  # unless an answer starts: an exception escaped every handler
        started = time.perf_counter()

        async def answer(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [*message.get("headers", ()), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, answer)
        finally:
            seconds = time.perf_counter() - started
            route = self.route_template(scope)
            method = str(scope.get("method", ""))
            self.latencies.observe(method, route, status, seconds)
            fields: dict[str, Any] = {
                "method": method,
                "route": route,
                "path": scope.get("path", ""),
                "status": status,
                "duration_ms": round(seconds * 1000, 3),
                "actor": actor_label(state.get(ACTOR_STATE)),
            }
            trace_id = current_trace_id()
            if trace_id is not None:
                fields["trace_id"] = trace_id
            log.info("request", **fields)
            clear_contextvars()

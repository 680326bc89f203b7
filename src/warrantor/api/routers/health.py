"""``/health/live``, ``/health/ready`` and ``/metrics``: for the load balancer and the
monitoring, not for people.

- live: the process answers (no I/O): restart it when this fails.
- ready: whether this process can serve, with each part it depends on:
  the primary database (a query), the replica (is it answering, and its lag
  against ``WARRANTOR_REPLICA_MAX_LAG_S``), and Redis when the rate limits
  live there. 503 naming what failed when the primary or Redis is down:
  writes and limited routes can't be served. A replica that is down or too
  far behind is reported (``degraded``, and where reads go now) but is not a
  503: reads fall back to the primary, so taking every app process out of
  the balancer would turn a replica outage into a whole outage.
- metrics: the Prometheus metrics (``telemetry.metrics``): every server
  process's counts (summed in multiprocess mode) and the figures the worker
  stored (late RMAs, queues, duty runs), read in one go. With
  ``WARRANTOR_METRICS_ALLOWED`` only those addresses may read it (403 for the
  rest); it is never behind a sign-in, as Prometheus has none.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from warrantor.api.responses import errors
from warrantor.bootstrap import Runtime
from warrantor.errors import PermissionDenied
from warrantor.http.deps import RuntimeDep
from warrantor.http.proxies import client_address
from warrantor.http.request_guard import guarded_router
from warrantor.services.access.rate_limit import MovingWindowLimiter
from warrantor.services.jobs.observe import scrape_figures
from warrantor.telemetry.metrics import CONTENT_TYPE, exposition

router = guarded_router(tags=["health"])


@router.get("/health/live")
async def live() -> dict[str, str]:
    """The process is up."""
    return {"status": "live"}


@router.get("/health/ready", responses=errors(503))
def ready(runtime: RuntimeDep) -> JSONResponse:
    """Whether this process can serve: each part checked, 503 naming what failed."""
    checks = {"primary": _primary(runtime)}
    if runtime.replica is not None:
        state = runtime.replica.state(recheck=True)
        checks["replica"] = {
            "ok": state.usable,
            "lag_s": state.lag_s,
            "max_lag_s": runtime.replica.max_lag_s,
            "problem": state.problem,
            "reads_from": "replica" if state.usable else "primary",
        }
    limiter = runtime.rate_limiter
    if isinstance(limiter, MovingWindowLimiter) and not limiter.storage_uri.startswith("memory"):
        reachable = limiter.check()
        checks["redis"] = {"ok": reachable, "problem": None if reachable else "unreachable"}
    failed = [name for name in ("primary", "redis") if name in checks and not checks[name]["ok"]]
    degraded = not all(check["ok"] for check in checks.values())
    status = "not ready" if failed else "degraded" if degraded else "ready"
    body = {"status": status, "failed": failed, "checks": checks}
    return JSONResponse(body, status_code=503 if failed else 200)


@router.get("/metrics", response_class=Response, responses=errors(403))
def metrics(request: Request, runtime: RuntimeDep) -> Response:
    """The Prometheus metrics (text exposition format); 403 from an address not allowed."""
    allowed = runtime.settings.metrics_networks
    if allowed is not None and not _within(client_address(request), allowed):
        raise PermissionDenied("metrics are served to the addresses in WARRANTOR_METRICS_ALLOWED")
    return Response(exposition(lambda: scrape_figures(runtime.reads)), media_type=CONTENT_TYPE)


def _within(address: str, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        client = ipaddress.ip_address(address)
    except ValueError:  # no address at all (a test client, a Unix socket): not allowed
        return False
    return any(client in network for network in networks)


def _primary(runtime: Runtime) -> dict[str, Any]:
    try:
        with runtime.uow_factory(read_only=True) as uow:
            uow.connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach the database is "not ready"
        first = str(getattr(error, "orig", None) or error).strip().splitlines()
        return {"ok": False, "problem": first[0] if first else type(error).__name__}
    return {"ok": True, "problem": None}

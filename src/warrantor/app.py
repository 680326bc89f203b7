"""The web application: the REST API under ``/api/v1`` and the pages beside it.

``create_app`` is a factory: nothing is opened at import time. ``warrantor
serve`` calls it through uvicorn's ``--factory``; tests call it with a runtime
bound to their own connection and clock.
"""

from __future__ import annotations

import gc
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from warrantor import __version__
from warrantor.api import docs as api_docs
from warrantor.api.routers import (
    accounts,
    attachments,
    audit,
    auth_tokens,
    brands,
    certificates,
    clock_pauses,
    coverage,
    directory,
    health,
    help_requests,
    my_settings,
    orders,
    prices,
    quotes,
    rmas,
    units,
    workshop,
)
from warrantor.api.routers import reports as report_routes
from warrantor.bootstrap import SERVER, Runtime, build_runtime, record_policies_in_force
from warrantor.http.errors import install_error_handlers
from warrantor.http.language import RequestLanguage
from warrantor.http.proxies import install_trusted_proxies
from warrantor.http.rate_limited import install_rate_limit_handler
from warrantor.http.read_your_writes import install_read_your_writes
from warrantor.http.request_log import RequestLog
from warrantor.http.security_headers import install_security_headers
from warrantor.services.access.settings import AuthSettings
from warrantor.settings import Settings
from warrantor.store.migrate import ensure_migrated
from warrantor.telemetry.logs import configure_logging
from warrantor.telemetry.tracing import instrument_app
from warrantor.web import (
    admin,
    admin_audit,
    admin_centres,
    admin_models,
    auth_pages,
    certificate_pages,
    desk,
    desk_accounts,
    desk_help,
    language_pages,
    pages,
    portal_customer,
    portal_distributor,
    portal_help,
    portal_rmas,
    reports,
)
from warrantor.web.error_pages import page_for_error

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"


def create_app(runtime: Runtime | None = None) -> FastAPI:
    """The app, serving ``runtime`` (built from the environment's settings if not given)."""
    app = FastAPI(
        title="Warrantor",
        version=__version__,
        summary="Warranty checks, the installed base, extended warranties and RMAs.",
        docs_url=None,  # api.docs serves it, under its own Content-Security-Policy
        redoc_url=None,  # ReDoc loads its script from a CDN, which the CSP refuses
        openapi_url="/api/openapi.json",
    )
    served = runtime is None
    app.state.runtime = runtime or _started_runtime()
    app.state.auth_settings = AuthSettings()
    install_error_handlers(app, page_for_error)  # browsers asking for a page get a page
    install_rate_limit_handler(app)
    install_read_your_writes(app, app.state.runtime)
    for router in (
        # FastAPI tries each route in turn until one matches (about 4 microseconds each):
        # the requests answered most go first
        coverage.router,  # the public check, the request answered most
        brands.router,
        units.router,
        rmas.router,  # the desk's queues (GET /rmas was the 57th route tried, now the 19th)
        auth_tokens.router,
        my_settings.router,
        directory.router,
        prices.router,
        orders.router,
        quotes.router,
        certificates.router,
        clock_pauses.router,
        workshop.router,
        audit.router,
        attachments.router,
        accounts.router,
        help_requests.router,
        report_routes.router,
    ):
        app.include_router(router, prefix="/api/v1")
    app.include_router(health.router)
    app.include_router(api_docs.router)
    app.include_router(pages.router)
    app.include_router(certificate_pages.router)
    app.include_router(auth_pages.router)
    app.include_router(language_pages.router)
    app.include_router(portal_customer.router)
    app.include_router(admin.router)
    app.include_router(admin_audit.router)
    app.include_router(admin_models.router)
    app.include_router(admin_centres.router)
    app.include_router(reports.router)
    app.include_router(portal_rmas.router)
    app.include_router(desk.router)
    app.include_router(portal_distributor.router)
    app.include_router(desk_accounts.router)
    app.include_router(desk_help.router)
    app.include_router(portal_help.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_security_headers(app, app.state.runtime)
    app.add_middleware(RequestLanguage)  # the request's language, for the mail it causes
    app.add_middleware(RequestLog)  # one log line and one latency observation per request
    install_trusted_proxies(app, app.state.runtime)  # outermost (but for tracing's)
    if app.state.runtime.tracing is not None:
        instrument_app(app, app.state.runtime.tracing)
    if served:
        settle_heap()
    return app


YOUNG_COLLECTION_AFTER = 10_000
"""Objects allocated (less those freed) before the collector looks at the youngest ones:
Python's default, 700, ran it fifteen times a batch request (``settle_heap``)."""


def settle_heap() -> None:
    """Collect what starting left over, then take the objects that remain (the modules, the
    routes, the policy book: 320,000 objects) out of the garbage collector's reach
    (``gc.freeze``), and let the youngest generation grow to ``YOUNG_COLLECTION_AFTER``
    before it is collected. When and why: served, the app allocates fast (a batch check's
    lines, a page's rows), and every full collection walked those objects again: about
    150 ms every few batch requests, a quarter of their CPU; the young collections cost
    another tenth (docs/benchmarks.md). Frozen objects are still freed when nothing
    refers to them; only a cycle among them stays. Only when serving (``warrantor
    serve``: no runtime given); tests make many apps and keep theirs collectable."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_AFTER, older, oldest)


def _started_runtime() -> Runtime:
    """The runtime ``warrantor serve`` runs: from the environment, on a database checked to
    be migrated, with the policies in force recorded in the audit trail (once per change);
    its logs structured (``telemetry.logs``)."""
    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    runtime = build_runtime(settings)
    ensure_migrated(runtime.settings.effective_database_url)
    record_policies_in_force(runtime, SERVER)
    return runtime

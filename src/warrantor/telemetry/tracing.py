"""OpenTelemetry traces: off by default, exported over OTLP (HTTP) when configured.

With ``WARRANTOR_OTLP_ENDPOINT`` set (``http://collector:4318``), each process
that builds a runtime makes a tracer provider exporting there
(``configure_tracing``, the process's global provider); the app's requests
(``instrument_app``) and every statement on the runtime's engines
(``instrument_engine``) become spans, and the services add their own around
the work worth seeing, e.g. ``policy.decide`` (``span``). Without it nothing is
recorded: ``span`` costs a no-op context manager.

Tests give their own provider (the SDK's in-memory exporter) to the same
functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from opentelemetry import trace

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from sqlalchemy.engine import Engine

# The SDK, the exporter and the instrumentations are imported where tracing is turned on:
# together they take about half a second to import (the FastAPI instrumentation imports
# FastAPI), which every CLI command would pay with tracing off.

TRACER_NAME = "warrantor"
TRACES_PATH = "/v1/traces"


def configure_tracing(endpoint: str, service_name: str) -> TracerProvider | None:
    """A provider exporting to the OTLP/HTTP collector at ``endpoint``, made the process's
    (``span`` and libraries tracing on the global provider use it), or ``None`` when
    ``endpoint`` is empty: tracing off."""
    if not endpoint:
        return None
    provider = otlp_provider(endpoint, service_name)
    trace.set_tracer_provider(provider)
    use_provider(provider)
    return provider


def otlp_provider(endpoint: str, service_name: str) -> TracerProvider:
    """A provider sending its spans, in batches, to ``endpoint`` + ``/v1/traces`` over
    OTLP/HTTP (protobuf), each naming ``service_name``."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    url = endpoint.rstrip("/")
    if not url.endswith(TRACES_PATH):
        url += TRACES_PATH
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=url)))
    return provider


_recording: TracerProvider | None = None
"""Where ``span`` records; ``None``: tracing off, ``span`` costs nothing."""


def use_provider(provider: TracerProvider | None) -> None:
    """Make ``span`` record with ``provider`` (``None``: stop recording)."""
    global _recording
    _recording = provider


def recording() -> bool:
    """Whether tracing is on (``span`` records, engines are instrumented): a fast path that
    bypasses SQLAlchemy's execution (and so its statement spans) may run only while off."""
    return _recording is not None


def instrument_app(app: Any, provider: TracerProvider) -> None:
    """A span per request (the route template as its name) for a FastAPI app."""
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, excluded_urls="health/live,metrics"
    )


def instrument_engine(engine: Engine, provider: TracerProvider) -> None:
    """A span per statement run on ``engine`` (this engine only: the instrumentor's own
    ``instrument()`` would also wrap every ``create_engine`` of the process)."""
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import NoOpMeterProvider

    usage = (
        NoOpMeterProvider()
        .get_meter(TRACER_NAME)
        .create_up_down_counter("db.client.connections.usage")
    )
    EngineTracer(provider.get_tracer(TRACER_NAME), engine, usage)  # type: ignore[no-untyped-call]


def uninstrument_engines() -> None:
    """Stop tracing every engine ``instrument_engine`` instrumented (for tests)."""
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

    EngineTracer.remove_all_event_listeners()  # type: ignore[no-untyped-call]


@contextmanager
def span(name: str, **attributes: str | int | float | bool) -> Iterator[trace.Span]:
    """A span named ``name`` under the current one (a no-op while tracing is off)."""
    if _recording is None:
        yield trace.INVALID_SPAN
        return
    tracer = _recording.get_tracer(TRACER_NAME)
    with tracer.start_as_current_span(name, attributes=attributes) as current:
        yield current


def current_trace_id() -> str | None:
    """The current trace's id (32 hex digits), or ``None`` outside a recorded trace."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return format(context.trace_id, "032x")

"""Traces (issue #22): off by default; with a provider (here the SDK's in-memory exporter,
in production OTLP) one check is a tree: the request's span, the database statements and
the policy decision under it, and the request's log line names the trace."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import Engine
from structlog.contextvars import merge_contextvars
from structlog.testing import capture_logs

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.settings import Settings
from warrantor.telemetry.tracing import (
    configure_tracing,
    instrument_engine,
    otlp_provider,
    uninstrument_engines,
    use_provider,
)

UNIT = {
    "brand": "QNAP",
    "serial": "Q21TRC001",
    "model": "TS-453 Pro",
    "manufactured_on": "2024-03-01",
    "first_invoiced_on": "2024-04-10",
    "purchased_on": "2024-05-02",
    "proof_of_purchase": "INV-TRC-1",
    "country_of_purchase": "US",
    "channel": "retail",
}


@dataclass(frozen=True)
class Traced:
    provider: TracerProvider
    spans: InMemorySpanExporter


@pytest.fixture
def traced(engine: Engine) -> Iterator[Traced]:
    """A provider recording this test's requests, statements and decisions in memory."""
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    instrument_engine(engine, provider)
    use_provider(provider)
    try:
        yield Traced(provider, spans)
    finally:
        use_provider(None)
        uninstrument_engines()
        provider.shutdown()


def test_tracing_is_off_unless_an_endpoint_is_configured() -> None:
    assert Settings().otlp_endpoint == ""
    assert configure_tracing("", "warrantor") is None


def test_one_check_is_a_tree_of_request_database_and_policy_decision(
    runtime: Runtime, add_units: Any, traced: Traced
) -> None:
    add_units([UNIT])
    traced.spans.clear()
    traced_runtime = Runtime(
        settings=runtime.settings,
        uow_factory=runtime.uow_factory,
        book=runtime.book,
        clock=runtime.clock,
        keyring=runtime.keyring,
        tracing=traced.provider,
    )

    with (
        TestClient(create_app(traced_runtime)) as client,
        capture_logs(processors=[merge_contextvars]) as logs,
    ):
        answer = client.get("/api/v1/units/QNAP/Q21TRC001/coverage", params={"on": "2026-05-01"})

    assert answer.status_code == 200, answer.text
    spans = traced.spans.get_finished_spans()
    (request,) = [s for s in spans if s.parent is None]
    assert request.name == "GET /api/v1/units/{brand}/{serial}/coverage"
    under = descendants(request, spans)
    statements = [s for s in under if s.attributes and "db.statement" in s.attributes]
    statements += [s for s in under if s.attributes and "db.query.text" in s.attributes]
    assert statements, [s.name for s in under]
    assert any("units" in str(s.attributes) for s in statements)
    (decision,) = [s for s in under if s.name == "policy.decide"]
    assert decision.attributes is not None
    assert decision.attributes["warrantor.outcome"] == "covered"
    assert decision.attributes["warrantor.determining"] == ",".join(answer.json()["determining"])
    assert {s.context.trace_id for s in spans} == {request.context.trace_id}
    (line,) = [entry for entry in logs if entry["event"] == "request"]
    assert line["trace_id"] == format(request.context.trace_id, "032x")


def descendants(root: ReadableSpan, spans: tuple[ReadableSpan, ...]) -> list[ReadableSpan]:
    """Every span under ``root``, by parent links."""
    found, frontier = [], {root.context.span_id}
    while frontier:
        children = [s for s in spans if s.parent is not None and s.parent.span_id in frontier]
        found += children
        frontier = {s.context.span_id for s in children}
    return found


def test_spans_are_exported_over_otlp_to_the_configured_collector() -> None:
    """A stand-in collector on loopback receives the spans as OTLP/HTTP protobuf."""
    received: list[tuple[str, str, bytes]] = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the exporter's one call per batch
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, self.headers["Content-Type"], body))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Collector)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    provider = otlp_provider(f"http://127.0.0.1:{server.server_port}", "warrantor-test")
    try:
        with provider.get_tracer("test").start_as_current_span("policy.decide"):
            pass
        assert provider.force_flush(timeout_millis=10_000)
    finally:
        provider.shutdown()
        server.shutdown()
        server.server_close()

    ((path, content_type, body),) = received
    assert (path, content_type) == ("/v1/traces", "application/x-protobuf")
    assert b"policy.decide" in body and b"warrantor-test" in body

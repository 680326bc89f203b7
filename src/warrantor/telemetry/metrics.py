"""The Prometheus metrics of Warrantor, declared once, and their exposition at ``/metrics``.

Counted where it happens, in every process that serves or works:

- ``warrantor_http_request_duration_seconds``: request latency by method, route
  template (``/api/v1/units/{serial}``, never the serial) and status;
- ``warrantor_decisions_total``: coverage decisions by outcome, brand and the
  clause that determined them;
- ``warrantor_import_rows_total``: rows of unit imports by what became of them;
- ``warrantor_rate_limit_refusals_total``: requests refused (429) by limit
  (warranty checks, sign-in attempts, the sign-in back-off).

Several server processes (``warrantor serve --workers N``): each writes its
counts to ``PROMETHEUS_MULTIPROC_DIR`` (prometheus-client's multiprocess
mode, chosen when the library is imported), and any one of them answers a
scrape with the sum (``exposition``).

Figures that need a scan or live in another process (RMAs late per centre,
the job queue's depth and age, each periodic duty's runs and failures) are
not computed on a scrape: the worker's ``observe`` duty stores them, and a
scrape reads those few stored rows (``StoredFigures``), so it costs the same
whatever the size of the database.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST

REQUEST_SECONDS = Histogram(
    "warrantor_http_request_duration_seconds",
    "Time from a request's start to its answer's last byte, by route template",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DECISIONS = Counter(
    "warrantor_decisions",
    "Coverage decisions by outcome, brand and determining clause (the first one, or none)",
    ["outcome", "brand", "clause"],
)
IMPORT_ROWS = Counter(
    "warrantor_import_rows",
    "Rows of unit imports by result (inserted, updated, unchanged, rejected)",
    ["result"],
)
RATE_LIMIT_REFUSALS = Counter(
    "warrantor_rate_limit_refusals",
    "Requests refused with 429 because their client or account was over a limit, by limit",
    ["limit"],
)


def count_decision(outcome: str, brand: str, determining: tuple[str, ...]) -> None:
    """One coverage decision: its outcome and the clause that decided it."""
    DECISIONS.labels(outcome, brand, determining[0] if determining else "none").inc()


def count_import(inserted: int, updated: int, unchanged: int, rejected: int) -> None:
    """The rows of one import, by what became of them."""
    for result, rows in (
        ("inserted", inserted),
        ("updated", updated),
        ("unchanged", unchanged),
        ("rejected", rejected),
    ):
        if rows:
            IMPORT_ROWS.labels(result).inc(rows)


@dataclass(frozen=True, slots=True)
class Figure:
    """One stored figure: a metric's name, its labels and its value."""

    name: str
    value: float
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Described:
    """How a stored figure is exposed: gauge or counter, and its help line."""

    kind: str
    help: str


STORED: dict[str, Described] = {
    "warrantor_rmas_late": Described("gauge", "RMAs whose current step is past due, by centre"),
    "warrantor_job_queue_depth": Described(
        "gauge", "Work waiting or running, by queue (jobs: Procrastinate, mail: the outbox)"
    ),
    "warrantor_job_queue_oldest_age_seconds": Described(
        "gauge", "Age of the oldest waiting item, by queue (0 when none waits)"
    ),
    "warrantor_observed_at_timestamp_seconds": Described(
        "gauge", "When the worker last stored these figures (Unix time)"
    ),
    "warrantor_duty_runs": Described("counter", "Runs of each periodic duty"),
    "warrantor_duty_failures": Described("counter", "Failed runs of each periodic duty"),
}
"""Every stored figure ``/metrics`` knows how to expose; others are ignored."""


READABLE = "warrantor_stored_figures_readable"


class StoredFigures(Collector):
    """Exposes figures read at scrape time by ``read`` (a few stored rows), and whether they
    could be read: with the database down a scrape still shows the process's own metrics
    and ``warrantor_stored_figures_readable 0``, rather than failing whole."""

    def __init__(self, read: Callable[[], Iterable[Figure]]) -> None:
        self._read = read

    def collect(self) -> Iterator[Metric]:
        try:
            read = list(self._read())
        except Exception:  # the database being away must not take the scrape with it
            read = None
        yield GaugeMetricFamily(
            READABLE, "Whether the stored figures could be read (1) or not (0)", read is not None
        )
        by_name: dict[str, list[Figure]] = {}
        for figure in read or ():
            if figure.name in STORED:
                by_name.setdefault(figure.name, []).append(figure)
        for name, figures in sorted(by_name.items()):
            described = STORED[name]
            keys = sorted({key for figure in figures for key in figure.labels})
            family: GaugeMetricFamily | CounterMetricFamily
            if described.kind == "counter":
                family = CounterMetricFamily(name, described.help, labels=keys)
            else:
                family = GaugeMetricFamily(name, described.help, labels=keys)
            for figure in figures:
                family.add_metric([figure.labels.get(key, "") for key in keys], figure.value)
            yield family


def exposition(stored: Callable[[], Iterable[Figure]] | None = None) -> bytes:
    """The text a scrape gets: this process's counts (every process's, summed, in
    multiprocess mode), then the stored figures ``stored`` reads."""
    if os.environ.get(MULTIPROCESS_DIR_VARIABLE):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        text = generate_latest(registry)
    else:
        text = generate_latest(REGISTRY)
    if stored is not None:
        extra = CollectorRegistry()
        extra.register(StoredFigures(stored))
        text += generate_latest(extra)
    return text

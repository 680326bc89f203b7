"""Use case: is this serial covered on day D, until when, and why.

Loads the unit and what is known about it through the store, asks the policy
engine (a ``policy.decide`` span when tracing is on; each decision counted in
``warrantor_decisions_total``), and returns the decision. One serial
(``check_serial``) or a stream of them (``check_batch``, one transaction, an
answer or an error per row).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from warrantor.domain.units import Unit
from warrantor.errors import InvalidInput, NotFound, WarrantorError
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import Decision
from warrantor.policy.facts import Facts
from warrantor.services.access.rate_limit import RequestCount, count
from warrantor.services.installed_base.units import brand_holding, parse_serial
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.coverage_read import CoverageReader, CoverageRecord
from warrantor.store.rate_limits import RateLimitRepository
from warrantor.telemetry.metrics import count_decision
from warrantor.telemetry.tracing import span


@dataclass(frozen=True, slots=True)
class CheckResult:
    unit: Unit
    decision: Decision


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One line of a batch: the serial asked about, its brand if given, and its row number."""

    row: int
    serial: str
    brand: str | None = None


@dataclass(frozen=True, slots=True)
class BatchAnswer:
    """The answer to one batch line: a result, or the error that line got."""

    item: BatchItem
    result: CheckResult | None = None
    error: WarrantorError | None = None


def _decide(
    uow: UnitOfWork, book: PolicyBook, serial: str, brand: str | None, on: date
) -> CheckResult:
    """Load the unit with what the engine needs: one statement when the brand is known
    (``store.coverage_read``), one more to find the brand otherwise."""
    wanted = parse_serial(serial)
    if brand is None:
        brand = brand_holding(uow, wanted)  # one lookup; NotFound / Ambiguous otherwise
    found = CoverageReader(uow.connection).read(brand.strip(), wanted)
    return _judge(book, found, brand, wanted, on)


def _judge(
    book: PolicyBook, found: CoverageRecord | None, brand: str, serial: str, on: date
) -> CheckResult:
    if found is None:
        raise NotFound(f"no {brand.strip()} unit with serial {serial}")
    facts = Facts(
        unit=found.unit,
        on=on,
        reading=found.reading,
        extensions=found.extensions,
        repair_coverages=found.repair_coverages,
    )
    with span("policy.decide", brand=found.unit.brand, serial=serial) as current:
        decision = book.evaluate(facts)
        current.set_attribute("warrantor.outcome", decision.outcome.value)
        current.set_attribute("warrantor.policy", f"{decision.policy_id}@{decision.policy_version}")
        current.set_attribute("warrantor.determining", ",".join(decision.determining))
    count_decision(decision.outcome.value, decision.brand, decision.determining)
    return CheckResult(unit=found.unit, decision=decision)


def check_serial(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    serial: str,
    on: date,
    brand: str | None = None,
    counting: RequestCount | None = None,
) -> CheckResult:
    """Decide coverage of one serial on ``on``.

    A serial alone is accepted when one brand holds it; otherwise ``Ambiguous``
    lists the brands. An unknown serial is ``NotFound``, naming it. Only
    reads (a read-only unit of work: no COMMIT).

    ``counting``: first count the request against its client's rate limit
    (``RateLimited`` when over; an unknown serial counts too). With the brand
    known, the count and the read are one statement on PostgreSQL
    (``CoverageReader.read_counted``): the public check is the request answered
    most, and a second round trip cost it more than its decision.
    """
    if counting is not None and brand is None:
        count(uow_factory, counting)
    if counting is None or brand is None:
        with uow_factory(read_only=True) as uow:
            return _decide(uow, book, serial, brand, on)
    try:
        wanted = parse_serial(serial)
    except InvalidInput:
        count(uow_factory, counting)  # a malformed serial counts too (and 429 comes first)
        raise
    with uow_factory(single_statement=True) as uow:
        found, counted = CoverageReader(uow.connection).read_counted(
            brand.strip(), wanted, counting.key, counting.window_start, counting.amount
        )
        counting.settle(RateLimitRepository(uow.connection), counted)
    counting.enforce(counted)  # once the count is committed: a refused request counts
    return _judge(book, found, brand, wanted, on)


def check_batch(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    items: Iterable[BatchItem],
    on: date,
) -> Iterator[BatchAnswer]:
    """Answer each item in turn, in one read-only unit of work; a bad line gets its own error."""
    with uow_factory(read_only=True) as uow:
        for item in items:
            try:
                result = _decide(uow, book, item.serial, item.brand, on)
                yield BatchAnswer(item=item, result=result)
            except WarrantorError as error:
                yield BatchAnswer(item=item, error=error)

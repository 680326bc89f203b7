"""Use case: is this serial covered on day D, until when, and why.

Reads the unit with its stored coverage projection and, when the projection
is current (made by the policy version in force for the unit, holding the full
answer's details), rebuilds the engine's ``Decision`` for the day from it
(``policy.projection_decision``): the same answer, without reading the unit's
history or asking the engine. Otherwise it loads the unit and what is known
about it through the store and asks the policy engine. Either way a
``policy.decide`` span when tracing is on (``warrantor.answered_from`` says
which), each decision counted in ``warrantor_decisions_total``. One serial
(``check_serial``) or a stream of them (``check_batch``, one transaction, an
answer or an error per row).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from warrantor.domain.units import Unit
from warrantor.errors import InvalidInput, NotFound, WarrantorError
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import Decision
from warrantor.policy.facts import Facts
from warrantor.policy.model import Policy
from warrantor.policy.projection_decision import decision_on
from warrantor.services.access.rate_limit import RequestCount, count
from warrantor.services.installed_base.coverage_projection import VersionWindows
from warrantor.services.installed_base.projection_codec import decode
from warrantor.services.installed_base.units import brand_holding, parse_serial
from warrantor.services.sentences import no_unit
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.coverage_projected_read import ProjectedReader, ProjectedUnit
from warrantor.store.coverage_read import CoverageReader, CoverageRecord
from warrantor.store.rate_limits import RateLimitRepository
from warrantor.telemetry.metrics import count_decision
from warrantor.telemetry.tracing import span


@dataclass(frozen=True, slots=True)
class CheckResult:
    unit: Unit
    decision: Decision
    answered_from: Literal["projection", "evaluation"] = "evaluation"
    """``projection``: rebuilt from the unit's current projection (the same ``Decision``);
    ``evaluation``: the engine decided on the facts read."""


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
    uow: UnitOfWork,
    book: PolicyBook,
    serial: str,
    brand: str | None,
    on: date,
    projected: bool = True,
) -> CheckResult:
    """Answer from the unit's projection when it is current (one statement when the brand
    is known), else load the unit with what the engine needs (``store.coverage_read``); one
    more statement to find the brand when it isn't given."""
    wanted = parse_serial(serial)
    if brand is None:
        brand = brand_holding(uow, wanted)  # one lookup; NotFound / Ambiguous otherwise
    if projected:
        stored = ProjectedReader(uow.connection).read(brand.strip(), wanted)
        if stored is None:
            raise NotFound(no_unit(wanted, brand.strip()))
        answered = _from_projection(book, stored, wanted, on)
        if answered is not None:
            return answered
    found = CoverageReader(uow.connection).read(brand.strip(), wanted)
    return _judge(book, found, brand, wanted, on)


def _judge(
    book: PolicyBook, found: CoverageRecord | None, brand: str, serial: str, on: date
) -> CheckResult:
    if found is None:
        raise NotFound(no_unit(serial, brand.strip()))
    facts = Facts(
        unit=found.unit,
        on=on,
        reading=found.reading,
        extensions=found.extensions,
        repair_coverages=found.repair_coverages,
    )
    with span("policy.decide", brand=found.unit.brand, serial=serial) as current:
        decision = book.evaluate(facts)
        _traced(current, decision, "evaluation")
    count_decision(decision.outcome.value, decision.brand, decision.determining)
    return CheckResult(unit=found.unit, decision=decision)


def _from_projection(
    book: PolicyBook, stored: ProjectedUnit, serial: str, on: date
) -> CheckResult | None:
    """The answer the stored projection gives for ``on``, as the engine would (the property
    test holds them equal); ``None`` when there is none to give: no projection, one made
    before the full answer's details were kept, or one behind the policies in force."""
    row, unit = stored.projection, stored.unit
    if row is None or row.details is None:
        return None
    policy = _policy_of(book, unit.brand, row.policy_id, row.policy_version)
    if policy is None or VersionWindows(book).behind(
        unit.brand, row.start_on, row.policy_id, row.policy_version
    ):
        return None
    projection = decode(row)
    assert projection.details is not None
    with span("policy.decide", brand=unit.brand, serial=serial) as current:
        decision = decision_on(policy, projection, on)
        assert decision is not None
        _traced(current, decision, "projection")
    count_decision(decision.outcome.value, decision.brand, decision.determining)
    unit = replace(unit, voiding_findings=projection.details.findings)
    return CheckResult(unit=unit, decision=decision, answered_from="projection")


def _policy_of(book: PolicyBook, brand: str, policy_id: str, version: str) -> Policy | None:
    try:
        versions = book.versions(brand)
    except NotFound:
        return None
    return next((p for p in versions if (p.id, p.version) == (policy_id, version)), None)


def _traced(current: Any, decision: Decision, answered_from: str) -> None:
    current.set_attribute("warrantor.outcome", decision.outcome.value)
    current.set_attribute("warrantor.policy", f"{decision.policy_id}@{decision.policy_version}")
    current.set_attribute("warrantor.determining", ",".join(decision.determining))
    current.set_attribute("warrantor.answered_from", answered_from)


def check_serial(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    serial: str,
    on: date,
    brand: str | None = None,
    counting: RequestCount | None = None,
    *,
    projected: bool = True,
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

    ``projected`` (the default): answer from the unit's stored projection when it is
    current (``store.coverage_projected_read``: the unit and its projection row, no
    engine), the same ``Decision`` the engine gives; otherwise, or with ``False``, by
    the full evaluation (a second statement after the counted read).
    """
    if counting is not None and brand is None:
        count(uow_factory, counting)
    if counting is None or brand is None:
        with uow_factory(read_only=True) as uow:
            return _decide(uow, book, serial, brand, on, projected)
    try:
        wanted = parse_serial(serial)
    except InvalidInput:
        count(uow_factory, counting)  # a malformed serial counts too (and 429 comes first)
        raise
    with uow_factory(single_statement=True) as uow:
        if projected:
            stored, counted = ProjectedReader(uow.connection).read_counted(
                brand.strip(), wanted, counting.key, counting.window_start, counting.amount
            )
        else:
            found, counted = CoverageReader(uow.connection).read_counted(
                brand.strip(), wanted, counting.key, counting.window_start, counting.amount
            )
        counting.settle(RateLimitRepository(uow.connection), counted)
    counting.enforce(counted)  # once the count is committed: a refused request counts
    if not projected:
        return _judge(book, found, brand, wanted, on)
    if stored is None:
        raise NotFound(no_unit(wanted, brand.strip()))
    answered = _from_projection(book, stored, wanted, on)
    if answered is not None:
        return answered
    with uow_factory(read_only=True) as uow:  # behind or missing: the full evaluation
        found = CoverageReader(uow.connection).read(brand.strip(), wanted)
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

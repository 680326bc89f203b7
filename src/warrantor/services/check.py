"""Use case: is this serial covered on day D, until when, and why.

Loads the unit and what is known about it through the store, asks the policy
engine, and returns the decision. One serial (``check_serial``) or a stream of
them (``check_batch``, one transaction, an answer or an error per row).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from warrantor.domain.units import Unit, normalize_serial
from warrantor.errors import Ambiguous, InvalidInput, NotFound, Problem, WarrantorError
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import Decision
from warrantor.policy.facts import Facts
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory


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


def parse_serial(raw: str) -> str:
    """A serial as stored, or ``InvalidInput`` naming the ``serial`` field."""
    try:
        return normalize_serial(raw)
    except ValueError as error:
        problem = Problem(str(error), "serial")
        raise InvalidInput(f"invalid serial {raw!r}: {error}", [problem]) from None


def resolve_brand(book: PolicyBook, brand: str) -> str:
    """The brand's name as its policy writes it (``qnap`` -> ``QNAP``), or ``NotFound``."""
    for known in book.brands():
        if known.lower() == brand.strip().lower():
            return known
    raise NotFound(f"no brand named {brand!r}; known brands: {', '.join(book.brands())}")


def _load_unit(uow: UnitOfWork, book: PolicyBook, serial: str, brand: str | None) -> Unit:
    if brand is not None:
        name = resolve_brand(book, brand)
        unit = uow.units.get(name, serial)
        if unit is None:
            raise NotFound(f"no {name} unit with serial {serial}")
        return unit
    brands = uow.units.find_serial(serial)
    if not brands:
        raise NotFound(f"no unit with serial {serial}")
    if len(brands) > 1:
        raise Ambiguous(f"serial {serial} is held by several brands; name one", brands)
    found = uow.units.get(brands[0], serial)
    assert found is not None  # find_serial just saw it, inside this transaction
    return found


def _decide(uow: UnitOfWork, book: PolicyBook, unit: Unit, on: date) -> CheckResult:
    unit_id = uow.units.id_of(unit.brand, unit.serial)
    reading = uow.units.latest_reading(unit_id) if unit_id is not None else None
    facts = Facts(unit=unit, on=on, reading=reading)
    return CheckResult(unit=unit, decision=book.evaluate(facts))


def check_serial(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    serial: str,
    on: date,
    brand: str | None = None,
) -> CheckResult:
    """Decide coverage of one serial on ``on``.

    A serial alone is accepted when one brand holds it; otherwise ``Ambiguous``
    lists the brands. An unknown serial is ``NotFound``, naming it.
    """
    wanted = parse_serial(serial)
    with uow_factory() as uow:
        unit = _load_unit(uow, book, wanted, brand)
        return _decide(uow, book, unit, on)


def check_batch(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    items: Iterable[BatchItem],
    on: date,
) -> Iterator[BatchAnswer]:
    """Answer each item in turn, in one read transaction; a bad line gets its own error."""
    with uow_factory() as uow:
        for item in items:
            try:
                serial = parse_serial(item.serial)
                unit = _load_unit(uow, book, serial, item.brand)
                yield BatchAnswer(item=item, result=_decide(uow, book, unit, on))
            except WarrantorError as error:
                yield BatchAnswer(item=item, error=error)

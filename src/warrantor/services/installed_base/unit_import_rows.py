"""Checking one row of a units file: a staged row, or every problem worded for the fixer.

Used by ``unit_import`` in its streaming pass, one row at a time, so nothing
needs the whole file here; the checks that do (a serial twice in the file, an
account code) run in the database (``store.unit_load``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import date

from warrantor.domain.units import (
    COUNTRY_CODES,
    normalize_country,
    normalize_serial,
)
from warrantor.errors import Problem
from warrantor.services.installed_base.catalogue import (
    ModelCatalogue,
    normalize_model,
    unplaced_model,
)
from warrantor.services.installed_base.unit_import_file import COLUMNS, REQUIRED_COLUMNS
from warrantor.services.installed_base.units import (
    CHANNELS,
    date_order_problems,
    future_date_problems,
)
from warrantor.store.catalogue import Brand
from warrantor.store.unit_staging import StagedRow

DATE_COLUMNS = ("manufactured_on", "first_invoiced_on", "purchased_on")

MAX_TEXT = {"model": 200, "proof_of_purchase": 200, "first_invoiced_to": 100, "owner": 100}

NUL = "\x00"

_SERIAL = re.compile(r"[A-Z0-9\-_./]{1,64}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class RowChecker:
    """Turns one CSV row into a staged row, or the list of what is wrong with it.

    ``check`` first tries ``_fast``: the same rules written for speed, for the
    common case of a good row (an import is mostly good rows, and a million of
    them must not take long). Any doubt falls back to ``_thorough``, which
    finds and words every problem. A test checks both agree.

    ``models`` adds each model a policy places the first time a row names it
    (a write, in the import's transaction), holding ``guard`` (the import's
    connection is shared with the thread moving its rows: ``store.unit_load``).
    """

    def __init__(
        self,
        header: list[str],
        brands: dict[str, Brand],
        models: ModelCatalogue,
        latest: date,
        guard: AbstractContextManager[object] | None = None,
    ) -> None:
        self._guard = guard or nullcontext()
        self._latest = latest
        """No date may be after this (today in UTC+14: ``domain.units.latest_today``)."""
        self._latest_text = self._latest.isoformat()
        self._header = header
        self._width = len(header)
        self._index = {name: header.index(name) for name in header}
        self._brands = brands
        self._models = models
        self._known_brands = ", ".join(sorted(brand.name for brand in brands.values()))
        self._placed: dict[tuple[int, str], int] = {}
        positions = [self._index.get(name) for name in COLUMNS]
        self._positions: tuple[int | None, ...] = tuple(positions)

    def check(self, cells: list[str], row_no: int) -> tuple[StagedRow | None, list[Problem]]:
        staged = self._fast(cells, row_no)
        if staged is not None:
            return staged, []
        return self._thorough(cells, row_no)

    def _fast(self, cells: list[str], row_no: int) -> StagedRow | None:
        """The staged row if every rule surely holds, else ``None`` (let ``_thorough`` say why)."""
        if len(cells) != self._width:
            return None
        (
            at_brand,
            at_serial,
            at_model,
            at_made,
            at_invoiced,
            at_invoiced_to,
            at_bought,
            at_proof,
            at_country,
            at_owner,
            at_channel,
        ) = self._positions
        assert at_brand is not None and at_serial is not None and at_model is not None
        brand = self._brands.get(cells[at_brand].strip().lower())
        if brand is None:
            return None
        serial = cells[at_serial].strip().upper()
        if not _SERIAL.fullmatch(serial):
            return None
        model_id = self._placed.get((brand.id, cells[at_model]))
        if model_id is None:
            raw_model = cells[at_model]
            model = normalize_model(raw_model)
            if not model or len(model) > MAX_TEXT["model"] or NUL in model:
                return None
            with self._guard:
                found = self._models.ensure_model_id(brand.id, brand.name, model)
            if found is None:
                return None
            self._placed[(brand.id, raw_model)] = model_id = found
        made = cells[at_made].strip() if at_made is not None else ""
        invoiced = cells[at_invoiced].strip() if at_invoiced is not None else ""
        bought = cells[at_bought].strip() if at_bought is not None else ""
        for day in (made, invoiced, bought):
            if day and not (_ISO_DATE.fullmatch(day) and _is_date(day)):
                return None
        # ISO dates order as text: made <= invoiced <= bought wherever known.
        if (made and invoiced and invoiced < made) or (made and bought and bought < made):
            return None
        if invoiced and bought and bought < invoiced:
            return None
        latest = self._latest_text
        if made > latest or invoiced > latest or bought > latest:  # "" is never after
            return None
        invoiced_to = cells[at_invoiced_to].strip() if at_invoiced_to is not None else ""
        owner = cells[at_owner].strip() if at_owner is not None else ""
        proof = cells[at_proof].strip() if at_proof is not None else ""
        if len(invoiced_to) > 100 or len(owner) > 100 or len(proof) > 200:
            return None
        if NUL in invoiced_to or NUL in owner or NUL in proof:
            return None  # brand, serial, dates, country, channel: their rules refuse a NUL
        country = cells[at_country].strip().upper() if at_country is not None else ""
        if country and country not in COUNTRY_CODES:
            return None
        channel = cells[at_channel].strip().lower() if at_channel is not None else ""
        if channel and channel not in CHANNELS:
            return None
        return (
            row_no,
            brand.id,
            serial,
            model_id,
            made or None,
            invoiced or None,
            invoiced_to or None,
            bought or None,
            proof or None,
            country or None,
            owner or None,
            channel or None,
        )

    def _thorough(self, cells: list[str], row_no: int) -> tuple[StagedRow | None, list[Problem]]:
        """Every problem of the row, each worded for the person fixing the file."""
        if len(cells) != self._width:
            return None, [
                Problem(f"has {len(cells)} fields; the header has {self._width}", row=row_no)
            ]
        values = {name: cells[i].strip() for name, i in self._index.items()}
        problems: list[Problem] = []

        def problem(field: str, message: str) -> None:
            problems.append(Problem(message, field, row=row_no))

        with_nul = [name for name, value in values.items() if NUL in value]
        if with_nul:  # PostgreSQL can't store it, and no label or invoice holds one
            for name in with_nul:
                problem(name, "contains a NUL character (\\x00); remove it")
            return None, problems
        values["model"] = normalize_model(values["model"])

        for name in REQUIRED_COLUMNS:
            if not values[name]:
                problem(name, f"{name} is required")
        for name, limit in MAX_TEXT.items():
            if len(values.get(name, "")) > limit:
                problem(name, f"{name} is longer than {limit} characters")

        brand = self._brands.get(values["brand"].lower()) if values["brand"] else None
        if values["brand"] and brand is None:
            problem("brand", f"unknown brand {values['brand']!r}; known: {self._known_brands}")

        serial = ""
        if values["serial"]:
            try:
                serial = normalize_serial(values["serial"])
            except ValueError as error:
                problem("serial", str(error))

        model_id: int | None = None
        if brand is not None and values["model"] and len(values["model"]) <= MAX_TEXT["model"]:
            with self._guard:
                model_id = self._models.ensure_model_id(brand.id, brand.name, values["model"])
            if model_id is None:
                problem("model", unplaced_model(brand.name, values["model"]))

        dates: dict[str, date | None] = {}
        for name in DATE_COLUMNS:
            dates[name] = _date(values.get(name, ""), name, problem)
        for order_problem in date_order_problems(
            dates["manufactured_on"], dates["first_invoiced_on"], dates["purchased_on"]
        ):
            problem(order_problem.field or "", order_problem.message)
        for future in future_date_problems(self._latest, dates):
            problem(future.field or "", future.message)

        country: str | None = None
        if values.get("country_of_purchase"):
            try:
                country = normalize_country(values["country_of_purchase"])
            except ValueError as error:
                problem("country_of_purchase", str(error))

        channel = values.get("channel", "").lower() or None
        if channel is not None and channel not in CHANNELS:
            problem("channel", f"unknown channel {channel!r}; known: {', '.join(CHANNELS)}")

        if problems or brand is None or model_id is None:
            return None, problems
        staged: StagedRow = (
            row_no,
            brand.id,
            serial,
            model_id,
            values.get("manufactured_on") or None,
            values.get("first_invoiced_on") or None,
            values.get("first_invoiced_to") or None,
            values.get("purchased_on") or None,
            values.get("proof_of_purchase") or None,
            country,
            values.get("owner") or None,
            channel,
        )
        return staged, []


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _date(text: str, field: str, problem: Callable[[str, str], None]) -> date | None:
    """An ISO ``YYYY-MM-DD`` date, or ``None`` for an empty cell; a bad one is a problem."""
    if not text:
        return None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    problem(field, f"{text!r} is not a date in the form YYYY-MM-DD")
    return None

"""The test cases a policy file carries: facts in, the outcome the text says out.

``[[cases]]`` are written from the source text by the policy's author; ``cases.py``
runs each one through the evaluator (or the extension offer) and compares only
the keys the case expects. Use these models to read or write a case.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field, model_validator

from warrantor.policy.decision import CoverageKind, Outcome
from warrantor.policy.schema_fields import Country, Id, Strict


class CaseExtension(Strict):
    years: int = Field(ge=1)
    purchased_on: date
    certificate: str | None = None
    certificate_valid: bool | None = None


class CaseRepair(Strict):
    starts_on: date
    ends_on: date
    reason: str = ""


class CaseGiven(Strict):
    """The facts of a case: the unit, the day, and (for a claim) what the RMA knows."""

    model: str
    on: date
    serial: str = "CASE-SERIAL"
    product_line: str | None = None
    purchased_on: date | None = None
    proof: str | None = None
    manufactured_on: date | None = None
    first_invoiced_on: date | None = None
    first_invoiced_to: str | None = None
    country_of_purchase: Country | None = None
    voiding_findings: list[str] = Field(default_factory=list)
    extensions: list[CaseExtension] = Field(default_factory=list)
    repair_coverages: list[CaseRepair] = Field(default_factory=list)
    tb_written: float | None = Field(default=None, ge=0)
    """Usage reading in decimal terabytes (read on ``read_on``, default ``on``)."""
    read_on: date | None = None
    claim: bool = False
    findings: list[str] = Field(default_factory=list)
    part: str | None = None
    service_country: Country | None = None
    written_permissions: list[str] = Field(default_factory=list)
    special_application: bool | None = None
    # An extension sale instead of a decision:
    offer_years: int | None = Field(default=None, ge=1)
    buyer_is_direct: bool = True
    buyer_country: Country | None = None


class ExpectedTerm(Strict):
    kind: CoverageKind
    starts_on: date
    ends_on: date


class CaseExpect(Strict):
    """What the text says must come out; only the keys given are compared."""

    outcome: Outcome | None = None
    offer: Literal["allowed", "refused", "needs_information"] | None = None
    clauses: list[Id] = Field(default_factory=list)
    """Clause ids the answer must cite (it may cite more)."""
    determining: list[Id] | None = None
    """The clause ids that decided, exactly (in any order); the rest are supporting."""
    applies: CoverageKind | None = None
    applies_until: date | None = None
    terms: list[ExpectedTerm] | None = None
    missing: list[str] | None = None
    voided: bool | None = None
    service_refused: bool | None = None
    """The maker refuses the service itself (no paid repair): the RMA is rejected."""
    usage: Literal["not_verified", "within", "exhausted"] | None = None
    offer_ends_on: date | None = None
    last_day_to_buy: date | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> CaseExpect:
        if (self.outcome is None) == (self.offer is None):
            raise ValueError("expect either an outcome (a decision) or an offer (a sale)")
        return self


class Case(Strict):
    """``[[cases]]``: facts in, expected outcome and clause ids out, written from the text."""

    name: str = Field(min_length=1)
    given: CaseGiven
    expect: CaseExpect


DeskStep = Literal[
    "rma_number_due",
    "repair_due",
    "shipping",
    "backup",
    "replacement",
    "parcel_without_rma",
    "parcel_disposal",
    "first_contact",
    "charges",
    "claim_documents",
    "extension_quote",
]
"""The desk's questions a policy answers (``desk_cases``)."""


class DeskGiven(Strict):
    """What the desk asks: one step, and the facts that step needs."""

    step: DeskStep
    centre: Id | None = None
    """The service centre (``rma_number_due``, ``repair_due``)."""
    event_at: datetime | None = None
    """Documents validated (``rma_number_due``) or unit received (``repair_due``), with zone."""
    warranty_repair: bool = True
    acknowledged: bool = False
    """The customer acknowledged backing up is theirs (``backup``)."""
    condition: str = "new"
    """The replacement's condition (``replacement``)."""
    covered: bool = True
    """The claim is covered (``charges``: a covered repair is free, else quoted)."""


class DeskExpect(Strict):
    """What the text says the desk must answer; only the keys given are compared."""

    clauses: list[Id] = Field(default_factory=list)
    """Clause ids the answer must rest on (it may cite more)."""
    due_on: date | None = None
    inbound: Literal["maker", "customer"] | None = None
    outbound: Literal["maker", "customer"] | None = None
    allowed: bool | None = None
    """A desk step allowed or refused; ``first_contact``: troubleshooting comes first."""
    promised: bool | None = None
    """``repair_due``: whether the repair-time promise applies (not to a paid repair)."""
    quote: bool | None = None
    """``charges``: whether the customer is quoted before the repair."""
    free: list[str] | None = None
    """``charges``: what the maker bears (``parts``, ``labour``, ``remote_troubleshooting``)."""
    requires: list[str] | None = None
    """``claim_documents``: what an RMA asks for before validation; ``extension_quote``: what
    a distributor's quote request carries."""


class DeskCase(Strict):
    """``[[desk_cases]]``: a desk step the policy governs (SLA due dates, who pays each shipping
    leg, repair or replace, backup, returns without an RMA number, first contact, charges,
    claim documents), its facts, and the answer the text gives."""

    name: str = Field(min_length=1)
    given: DeskGiven
    expect: DeskExpect

"""The shape of a policy file: typed models the TOML text is validated into.

One model per table of the file. Every model forbids unknown keys, so a
misspelt key is an error, not a silently ignored line. Rules are a tagged
union on ``kind``: the fixed set of rule kinds a policy author may use, each
with its own parameters (DESIGN.md: "Declarative data, no code").

Checks that need the whole file (a clause id that does not exist, a line a
rule names that is not declared) live in ``references.py``; the loader runs
both and maps every error to a line of the file.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from warrantor.policy.decision import CoverageKind, Outcome

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._+-]*$", max_length=80)]
"""A stable identifier: letters, digits and ``. _ + -``."""
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
"""An ISO 3166-1 alpha-2 code in upper case."""
TermKind = Literal["standard", "extended", "repair"]
"""A kind of coverage a rule can be scoped to."""
Payer = Literal["customer", "maker"]
ALL_TERMS: list[TermKind] = ["standard", "extended", "repair"]
_STANDARD_ONLY: list[TermKind] = ["standard"]

_CAPACITY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(GB|TB)\s*$", re.IGNORECASE)


def capacity_bytes(text: str) -> int | None:
    """``"2TB"`` -> 2 * 10**12 (decimal bytes, DESIGN.md); ``None`` when it is not a capacity."""
    found = _CAPACITY.match(text)
    if found is None:
        return None
    number, unit = found.groups()
    scale = 10**12 if unit.upper() == "TB" else 10**9
    return round(float(number) * scale)


class Strict(BaseModel):
    """Base of every table: unknown keys are errors; loaded values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the file's header and vocabularies -------------------------------------------------


class PolicyHeader(Strict):
    """``[policy]``: who the policy is for, which version, from when."""

    id: Id
    brand: str = Field(min_length=1)
    version: str = Field(min_length=1)
    effective_from: date
    """A unit is judged by the version in force on its coverage's start date."""
    source: str = Field(min_length=1)
    """Path of the source text, relative to the policy file's folder."""
    title: str = ""


class Clause(Strict):
    """``[[clauses]]``: one sentence of a source text, quoted verbatim, with a stable id."""

    id: Id
    text: str = Field(min_length=1)
    source: str | None = None
    """Source text it quotes, when not the policy's own ``source``."""
    inferred: str | None = None
    """Why the rule is implied rather than stated, when it is."""


class Finding(Strict):
    """``[[findings]]``: an inspection finding a technician may record."""

    id: Id
    description: str = Field(min_length=1)
    voids_unit: bool = False
    """True: the finding voids the unit itself and every later check shows it."""


class Component(Strict):
    """``[[components]]``: a part a claim may name."""

    id: Id
    description: str = Field(min_length=1)


class Region(Strict):
    """``[[regions]]``: countries the policy treats as one region of purchase and service."""

    id: Id
    name: str
    countries: list[Country] = Field(min_length=1)
    clauses: list[Id] = Field(min_length=1)


class ServiceCentre(Strict):
    """``[[service_centres]]``: where service is given, and whose business days count."""

    id: Id
    name: str
    country: Country
    subdivision: str | None = None
    timezone: str

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone") from None
        return value


class ProductLine(Strict):
    """``[[lines]]``: a product line (a series) and the model names it covers."""

    id: Id
    name: str
    patterns: list[str] = Field(min_length=1)
    """Regular expressions matched against the whole model name, ignoring case."""
    examples: list[str] = Field(default_factory=list)
    """Real model names the patterns must match (checked by ``policy lint``)."""
    standard_years: int | None = Field(default=None, ge=1, le=25)
    """Standard term; ``None`` when the catalogue gives it per model."""
    clauses: list[Id] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                message = f"pattern {pattern!r} is not a regular expression: {error}"
                raise ValueError(message) from None
        return patterns


class CatalogueEntry(Strict):
    """``[[catalogue]]``: a model's own term and usage limits, as the maker publishes them."""

    model: str = Field(min_length=1)
    line: Id
    years: int = Field(ge=1, le=25)
    tbw_tb: dict[str, float] = Field(default_factory=dict)
    """Terabytes written allowed, by capacity (``"2TB" = 1200``)."""
    demo: bool = False
    """True when the figures are a demo, not the maker's (``note`` says so)."""
    note: str = ""
    clauses: list[Id] = Field(default_factory=list)

    @field_validator("tbw_tb")
    @classmethod
    def _capacities(cls, table: dict[str, float]) -> dict[str, float]:
        for capacity, terabytes in table.items():
            if capacity_bytes(capacity) is None:
                raise ValueError(f"{capacity!r} is not a capacity like '512GB' or '2TB'")
            if terabytes <= 0:
                raise ValueError(f"the TBW of {capacity} must be positive")
        return table

    @model_validator(mode="after")
    def _demo_says_so(self) -> CatalogueEntry:
        if self.demo and not self.note.strip():
            raise ValueError("a demo entry needs a note saying its figures are not the maker's")
        return self


# --- rules: the fixed set of kinds ------------------------------------------------------


class RuleBase(Strict):
    clauses: list[Id] = Field(min_length=1)
    """The clauses this rule encodes; a decision that uses the rule cites them."""


class StartDateRule(RuleBase):
    """When the warranty starts: the first available of ``order``."""

    kind: Literal["start_date"]
    order: list[Literal["purchase_date", "manufacture_date", "first_invoice_date"]] = Field(
        min_length=1
    )
    purchase_needs_proof: bool = True
    """The purchase date counts only with a proof of purchase."""


class UsageLimitRule(RuleBase):
    """A usage limit alongside the term: whichever comes first ends the coverage."""

    kind: Literal["usage_limit"]
    measure: Literal["bytes_written"] = "bytes_written"
    limit_tb: float | None = Field(default=None, gt=0)
    from_catalogue: bool = False
    """The limit is the catalogue's TBW for the unit's model and capacity."""
    combine: Literal["whichever_first"] = "whichever_first"
    lines: list[Id] | None = None
    """Lines it applies to; ``None``: every line."""
    scope: list[TermKind] = Field(default_factory=lambda: list(_STANDARD_ONLY), min_length=1)

    @model_validator(mode="after")
    def _one_limit(self) -> UsageLimitRule:
        if (self.limit_tb is not None) != self.from_catalogue:
            return self
        raise ValueError("give either limit_tb or from_catalogue = true, not both or neither")


class SpecialApplicationRule(RuleBase):
    """Usage figures apply to average use; a unit declared for special use goes to a person."""

    kind: Literal["special_application"]
    action: Literal["refer_to_person"] = "refer_to_person"
    contact: str = ""


class ExtensionOfferRule(RuleBase):
    """Extensions of ``years`` each that may be sold for units of ``lines``."""

    kind: Literal["extension_offer"]
    lines: list[Id] = Field(min_length=1)
    years: list[Annotated[int, Field(ge=1, le=25)]] = Field(min_length=1)


class ExtensionTermRule(RuleBase):
    """When an extension's cover starts."""

    kind: Literal["extension_term"]
    starts: Literal["after_previous_term"] = "after_previous_term"


class MaximumTermRule(RuleBase):
    """The most years a unit's standard and extended terms may add up to."""

    kind: Literal["maximum_term"]
    years: int = Field(ge=1, le=25)


class PurchaseWindowRule(RuleBase):
    """How long after the first invoice an extension may be bought (day 0 = invoice day)."""

    kind: Literal["purchase_window"]
    days: int = Field(ge=0)
    counted_from: Literal["first_invoice"] = "first_invoice"


class EligibleBuyersRule(RuleBase):
    """Who may buy an extension."""

    kind: Literal["eligible_buyers"]
    buyers: list[Literal["direct_customer", "anyone"]] = Field(min_length=1)


class ServiceCountriesRule(RuleBase):
    """Coverage of ``scope`` is valid only for service in ``countries`` (and sold only there)."""

    kind: Literal["service_countries"]
    countries: list[Country] = Field(min_length=1)
    scope: list[TermKind] = Field(min_length=1)


class ServiceAreaRule(RuleBase):
    """Where service may be asked: anywhere during global years, else the region of purchase."""

    kind: Literal["service_area"]
    default: Literal["region_of_purchase", "anywhere"] = "region_of_purchase"
    global_lines: list[Id] = Field(default_factory=list)
    global_years: int | None = Field(default=None, ge=1, le=25)
    scope: list[TermKind] = Field(default_factory=lambda: list(ALL_TERMS), min_length=1)

    @model_validator(mode="after")
    def _global_pair(self) -> ServiceAreaRule:
        if bool(self.global_lines) != (self.global_years is not None):
            raise ValueError("global_lines and global_years go together")
        return self


class ClaimProofRule(RuleBase):
    """What must be shown to claim under coverage of ``scope`` (e.g. a valid certificate)."""

    kind: Literal["claim_proof"]
    requires: Literal["certificate"] = "certificate"
    shows: list[str] = Field(default_factory=list)
    scope: list[TermKind] = Field(min_length=1)


class ComponentsRule(RuleBase):
    """Parts covered and parts not covered, under coverage of ``scope``."""

    kind: Literal["components"]
    covered: list[Id] = Field(default_factory=list)
    excluded: list[Id] = Field(default_factory=list)
    scope: list[TermKind] = Field(default_factory=lambda: list(ALL_TERMS), min_length=1)


class ExclusionRule(RuleBase):
    """Findings that take a claim (or the unit) out of coverage of ``scope``."""

    kind: Literal["exclusion"]
    findings: list[Id] = Field(default_factory=list)
    scope: list[TermKind] = Field(default_factory=lambda: list(ALL_TERMS), min_length=1)
    yields_to_written_permission: bool = False
    """True: a finding the maker gave written permission for does not exclude."""


class ExpiryRule(RuleBase):
    """No coverage once the applicable term has ended (cited when nothing is in force)."""

    kind: Literal["expiry"]


class ScopeOfCoverRule(RuleBase):
    """What the warranty is about (defects under normal use); descriptive."""

    kind: Literal["scope_of_cover"]
    covers: list[str] = Field(min_length=1)
    conditions: list[str] = Field(default_factory=list)
    scope: list[TermKind] = Field(default_factory=lambda: list(ALL_TERMS), min_length=1)


class RmaNumberRule(RuleBase):
    """An RMA number is issued within ``business_days`` of ``after``, in the centre's calendar."""

    kind: Literal["rma_number"]
    business_days: int = Field(ge=0)
    after: Literal["documents_validated"] = "documents_validated"
    centres: list[Id] = Field(default_factory=list)


class RepairTimeRule(RuleBase):
    """Warranty repairs of ``scope`` take at most ``working_days``; the clock pauses as stated."""

    kind: Literal["repair_time"]
    working_days: int = Field(ge=1)
    scope: list[TermKind] = Field(min_length=1)
    paid_repairs: bool = False
    pauses_while: list[Literal["awaiting_customer"]] = Field(default_factory=list)
    centres: list[Id] = Field(default_factory=list)


class ShippingRule(RuleBase):
    """Who pays each shipping leg under coverage of ``scope``."""

    kind: Literal["shipping"]
    inbound: Payer
    outbound: Payer
    scope: list[TermKind] = Field(default_factory=lambda: list(ALL_TERMS), min_length=1)


class RemedyRule(RuleBase):
    """How a valid claim is settled."""

    kind: Literal["remedy"]
    options: list[Literal["repair", "replace"]] = Field(min_length=1)
    chosen_by: Literal["maker", "customer"] = "maker"
    replacement_condition: list[Literal["new", "reconditioned"]] = Field(default_factory=list)
    replaced_parts_owner: Literal["maker", "customer"] | None = None


class DataBackupRule(RuleBase):
    """Who answers for the data on a unit sent for service."""

    kind: Literal["data_backup"]
    responsible: Literal["customer"] = "customer"
    maker_liable_for_data: bool = False


class UnauthorizedReturnsRule(RuleBase):
    """What happens to a unit sent without an RMA number."""

    kind: Literal["unauthorized_returns"]
    refused: bool = True
    may_dispose: bool = False
    costs_to: Literal["sender"] = "sender"


class RepairCoverageRule(RuleBase):
    """Cover of a repaired or replaced part: the rest of the original or a minimum, the longer."""

    kind: Literal["repair_coverage"]
    minimum_months: int = Field(ge=1)
    combine: Literal["longer_of_rest_or_minimum"] = "longer_of_rest_or_minimum"


class ChargesRule(RuleBase):
    """Who pays for parts and labour of a warranty repair."""

    kind: Literal["charges"]
    parts: Payer = "maker"
    labour: Payer = "maker"
    remote_troubleshooting: bool = False


class ClaimDocumentsRule(RuleBase):
    """Documents a claim generally needs."""

    kind: Literal["claim_documents"]
    requires: list[str] = Field(min_length=1)


class ServiceChannelRule(RuleBase):
    """Where a customer asks for service."""

    kind: Literal["service_channel"]
    channels: list[Literal["maker", "point_of_purchase", "authorized_dealer"]] = Field(min_length=1)
    first_contact: Literal["technical_support"] | None = None


class ExtensionQuoteRule(RuleBase):
    """How an extension is bought: what the distributor sends, when proof is issued."""

    kind: Literal["extension_quote"]
    distributor_sends: list[str] = Field(min_length=1)
    proof_after: Literal["payment_authorized"] = "payment_authorized"


Rule = Annotated[
    StartDateRule
    | UsageLimitRule
    | SpecialApplicationRule
    | ExtensionOfferRule
    | ExtensionTermRule
    | MaximumTermRule
    | PurchaseWindowRule
    | EligibleBuyersRule
    | ServiceCountriesRule
    | ServiceAreaRule
    | ClaimProofRule
    | ComponentsRule
    | ExclusionRule
    | ExpiryRule
    | ScopeOfCoverRule
    | RmaNumberRule
    | RepairTimeRule
    | ShippingRule
    | RemedyRule
    | DataBackupRule
    | UnauthorizedReturnsRule
    | RepairCoverageRule
    | ChargesRule
    | ClaimDocumentsRule
    | ServiceChannelRule
    | ExtensionQuoteRule,
    Field(discriminator="kind"),
]


# --- test cases a policy carries ---------------------------------------------------------


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
    applies: CoverageKind | None = None
    applies_until: date | None = None
    terms: list[ExpectedTerm] | None = None
    missing: list[str] | None = None
    voided: bool | None = None
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


# --- the whole file ----------------------------------------------------------------------


class PolicyFile(Strict):
    """A policy file as written: one brand, one version."""

    policy: PolicyHeader
    clauses: list[Clause] = Field(min_length=1)
    findings: list[Finding] = Field(default_factory=list)
    components: list[Component] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    service_centres: list[ServiceCentre] = Field(default_factory=list)
    lines: list[ProductLine] = Field(min_length=1)
    catalogue: list[CatalogueEntry] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list)

"""The rules of a policy file: the fixed set of kinds a policy author may use.

``Rule`` is a tagged union on ``kind``; each kind has its own parameters and
the clauses it encodes (DESIGN.md: "Declarative data, no code"). Use these
models to find what a policy says on one matter (``Policy.rules(ExclusionRule)``);
a new kind of rule is a new model here, added to ``Rule``, and a step in the
evaluator or a ``policy/`` module that reads it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from warrantor.policy.schema_fields import ALL_TERMS, Country, Id, Payer, Strict, TermKind

_STANDARD_ONLY: list[TermKind] = ["standard"]


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
    """What the warranty is about: defects, under ``conditions`` (normal use, the recommended
    environment). ``findings`` are what an inspection records when a condition was not met;
    a claim with one is not covered, citing this rule's clauses (issue 19)."""

    kind: Literal["scope_of_cover"]
    covers: list[str] = Field(min_length=1)
    conditions: list[str] = Field(default_factory=list)
    findings: list[Id] = Field(default_factory=list)
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

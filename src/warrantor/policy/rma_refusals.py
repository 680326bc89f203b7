"""The RMA desk's and workshop's refusals, each a small decision of the brand's policy.

A desk step the policy may refuse (opening without the data-backup
acknowledgement, opening on a unit already replaced, validating documents
before troubleshooting or with a claim document missing, a parcel that came
without an RMA number, disposing of such a parcel, replacing a unit) asks
here and gets a ``StepDecision``: allowed or not, in one sentence, with the
clause ids that decided it (as ``Decision.determining`` does for coverage).
The services raise what the decision says (``services.rma.refusals``); none
of them reads the policy's rules itself.

Pure: the facts a refusal needs (the replacement's serial, why a parcel is
unauthorized) are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from warrantor.errors import N_, Said
from warrantor.policy.decision import Decision, Outcome
from warrantor.policy.decision_words import HERE
from warrantor.policy.desk_rules import claim_documents, first_contact
from warrantor.policy.model import Policy
from warrantor.policy.schema_rules import (
    DataBackupRule,
    RemedyRule,
    ServiceAreaRule,
    ServiceCountriesRule,
    UnauthorizedReturnsRule,
)

DEFAULT_REPLACEMENT_CONDITIONS = ("new", "reconditioned")
"""What a replacement may be where a policy is silent."""


@dataclass(frozen=True, slots=True)
class StepDecision:
    """The policy's answer to one desk step.

    ``determining``: the clauses that decided it (none: the policy is silent
    and the answer is the desk's own rule). ``field``: the input a refusal no
    clause decided is about; such a refusal is bad input (a missing
    acknowledgement, a condition outside the policy's words), not the policy's no.
    """

    allowed: bool
    summary: str
    determining: tuple[str, ...] = ()
    field: str | None = None


def _clauses(rule: DataBackupRule | RemedyRule | UnauthorizedReturnsRule | None) -> tuple[str, ...]:
    return tuple(rule.clauses) if rule else ()


def service_place(policy: Policy, claim: Decision) -> StepDecision:
    """Opening an RMA where the unit can't be served: said at once, not after it was shipped.

    ``claim`` is the engine's decision on a claim made today in the country service is
    asked in. Where a rule on the place of service decided it (QNAP's global warranty
    years are over and service is given in the region of purchase only; an extension
    valid in USA and Canada only), the opening is refused with that decision's words and
    clauses; any other outcome (covered, a paid repair, information missing) opens.
    """
    place_clauses = {
        c for rule in [*policy.rules(ServiceAreaRule), *policy.rules(ServiceCountriesRule)]
        for c in rule.clauses
    }  # fmt: skip
    decided_by_place = bool(claim.determining) and set(claim.determining) <= place_clauses
    if claim.outcome is Outcome.NOT_COVERED and decided_by_place:
        said = Said(CANT_BE_SERVED, why=_why_not_here(claim.summary))
        return StepDecision(False, said, tuple(claim.determining))
    return StepDecision(True, "service may be asked here")


CANT_BE_SERVED = N_("this unit can't be served here: %(why)s")


def _why_not_here(summary: str) -> str:
    """Why a unit is not served here, from the engine's summary (``decision_words.HERE``'s
    reason, a sentence a page translates; a summary of another shape as given)."""
    if isinstance(summary, Said) and summary.template == HERE:
        why = summary.values["why"]
        if isinstance(why, str):
            return why
    return summary.removeprefix("Not covered here: ").rstrip(".")


def backup_acknowledgement(policy: Policy, acknowledged: bool) -> StepDecision:
    """Opening an RMA needs the customer's word that backing up data is theirs, unless the
    policy makes the maker liable for the data (``maker_liable_for_data``, issue 19)."""
    rule = policy.rule(DataBackupRule)
    clauses = _clauses(rule)
    if rule is not None and rule.maker_liable_for_data:
        return StepDecision(True, "the maker answers for the data: no acknowledgement", clauses)
    if acknowledged:
        return StepDecision(True, "backing up data acknowledged", clauses)
    if clauses:
        said = Said(BACKUP_NEEDED_CITED, clauses=", ".join(clauses))
        return StepDecision(False, said, clauses, "backup_acknowledged")
    return StepDecision(False, BACKUP_NEEDED, clauses, "backup_acknowledged")


BACKUP_NEEDED = N_(
    "the customer must acknowledge that backing up the unit's data is their responsibility"
)
BACKUP_NEEDED_CITED = N_(
    "the customer must acknowledge that backing up the unit's data is their responsibility "
    "(%(clauses)s)"
)


@dataclass(frozen=True, slots=True)
class ReplacedBy:
    """The unit that replaced the one asked about, and when."""

    serial: str
    on: date


def opening_on_replaced_unit(
    policy: Policy, serial: str, replaced_by: ReplacedBy | None
) -> StepDecision:
    """A unit replaced on an RMA is out of service: its cover moved to the replacement and
    (QNAP) it became the maker's property; the RMA is opened on the replacement."""
    if replaced_by is None:
        return StepDecision(True, "the unit is in service")
    clauses = _clauses(policy.rule(RemedyRule))
    values = {"brand": policy.brand, "serial": serial, "replacement": replaced_by.serial}
    if clauses:
        said = Said(REPLACED_CITED, **values, day=replaced_by.on, clauses=", ".join(clauses))
    else:
        said = Said(REPLACED, **values, day=replaced_by.on)
    return StepDecision(False, said, clauses)


REPLACED = N_(
    "the %(brand)s unit %(serial)s was replaced by %(replacement)s on %(day)s; "
    "open the RMA on %(replacement)s"
)
REPLACED_CITED = N_(
    "the %(brand)s unit %(serial)s was replaced by %(replacement)s on %(day)s (%(clauses)s); "
    "open the RMA on %(replacement)s"
)


def parcel_without_rma(policy: Policy, why: str) -> StepDecision:
    """A parcel with no valid RMA number is not repaired: it is held, under the clause that
    says what may be done with it (QNAP: costs to the sender, may be disposed of)."""
    return StepDecision(
        False,
        f"unauthorized return: {why}; held, not repaired",
        _clauses(policy.rule(UnauthorizedReturnsRule)),
    )


def parcel_return(policy: Policy) -> StepDecision:
    """A held unit may always go back to its sender, at the sender's cost."""
    return StepDecision(
        True,
        "returned to the sender at the sender's cost",
        _clauses(policy.rule(UnauthorizedReturnsRule)),
    )


def parcel_disposal(policy: Policy) -> StepDecision:
    """A held unit may be disposed of only where the policy reserves that right."""
    rule = policy.rule(UnauthorizedReturnsRule)
    if rule is not None and rule.may_dispose:
        return StepDecision(True, "disposed of, as the policy allows", _clauses(rule))
    return StepDecision(
        False,
        f"the {policy.brand} policy gives no right to dispose of a unit sent without "
        "an RMA number; return it to the sender instead",
        _clauses(rule),
    )


def unit_replacement(policy: Policy, condition: str) -> StepDecision:
    """Replacing a unit: only where the remedy allows it, in a condition it allows."""
    remedy = policy.rule(RemedyRule)
    if remedy is not None and "replace" not in remedy.options:
        return StepDecision(
            False, f"the {policy.brand} policy does not replace units", _clauses(remedy)
        )
    allowed = tuple(remedy.replacement_condition if remedy else ()) or (
        DEFAULT_REPLACEMENT_CONDITIONS
    )
    if condition not in allowed:
        message = f"a {policy.brand} replacement is {' or '.join(allowed)}, not {condition!r}"
        return StepDecision(False, message, (), "condition")
    return StepDecision(True, f"a {condition} replacement", _clauses(remedy))


def troubleshooting_first(policy: Policy, state: str, skipped: bool) -> StepDecision:
    """Validating documents (so issuing a number) waits for troubleshooting where the policy
    makes technical support the first contact (QNAP): the RMA must be in troubleshooting,
    or an agent skipped it with a reason. Elsewhere documents may be validated at once."""
    found = first_contact(policy)
    if not found.troubleshooting_first or state != "requested" or skipped:
        return StepDecision(True, "troubleshooting is recorded or not asked for", found.clause_ids)
    return StepDecision(
        False,
        f"{policy.brand}'s technical support is the first contact "
        f"({', '.join(found.clause_ids)}): start troubleshooting first, or skip it with a reason",
        found.clause_ids,
    )


def troubleshooting_skip(policy: Policy) -> StepDecision:
    """Troubleshooting is skipped (with a reason) only where the policy puts it first: where
    the customer goes straight to a service channel (Netac) there is no step to skip."""
    found = first_contact(policy)
    if found.troubleshooting_first:
        return StepDecision(True, "troubleshooting skipped", found.clause_ids)
    cited = f" ({', '.join(found.clause_ids)})" if found.clause_ids else ""
    return StepDecision(
        False,
        f"{policy.brand}'s policy has no troubleshooting step to skip{cited}",
        found.clause_ids,
    )


def claim_documents_complete(policy: Policy, missing: tuple[str, ...]) -> StepDecision:
    """Documents are validated only once the RMA carries every document the policy says a
    claim needs (Netac: proof of purchase, model, serial, a failure description)."""
    clauses = claim_documents(policy).clause_ids
    if not missing:
        return StepDecision(True, "every document the claim needs is on the RMA", clauses)
    named = ", ".join(name.replace("_", " ") for name in missing)
    return StepDecision(
        False,
        f"the claim still lacks what {policy.brand}'s policy requires: {named} "
        f"({', '.join(clauses)})",
        clauses,
    )

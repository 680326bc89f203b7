"""Use case: an agent validates an RMA's documents, starting the RMA-number clock (issue #5).

The proof of purchase may be recorded at this step (the customer sent it
later). Validation needs the backup acknowledgement and a proof of purchase
(the machine's guards); where the brand's policy says so (issue 19), also
troubleshooting first (``service_channel``: technical support is the first
contact; an agent may skip it with a reason) and every document a claim needs
(``claim_documents``): each refused as ``Refused`` (422) citing the clause. The
number is then due N business days later in the service centre's calendar,
where the policy promises it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import Rma, may_send, rma_step, sources_of
from warrantor.errors import Conflict, InvalidInput, PermissionDenied, Problem, Said
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import centre_named, policy_for
from warrantor.policy.rma_refusals import claim_documents_complete, troubleshooting_first
from warrantor.services.rma.access import visible_rma
from warrantor.services.rma.claim_documents import claim_documents_status
from warrantor.services.rma.clock_pauses import pause_clocks, resume_clocks
from warrantor.services.rma.notices import tell_documents_requested
from warrantor.services.rma.refusals import enforce
from warrantor.services.rma.sla import number_due
from warrantor.services.rma.timeline_reasons import (
    DOCUMENTS_VALIDATED,
    NO_NUMBER_PROMISE,
    NUMBER_DUE,
    NUMBER_DUE_PROVISIONAL,
)
from warrantor.services.rma.transitions import apply_event
from warrantor.services.uow import UnitOfWorkFactory


def validate_documents(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    now: datetime,
    proof_of_purchase: str | None = None,
    note: str = "",
) -> Rma:
    """Mark the RMA's documents valid; stores when its number is due (or why nothing is)."""
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        if proof_of_purchase and proof_of_purchase.strip():
            uow.rmas.record_proof(rma.id, proof_of_purchase.strip(), now)
            rma = uow.rmas.get(rma.id) or rma
        if not may_send(actor, rma, "validate_documents"):
            raise PermissionDenied(f"a {actor.role} may not validate documents")
        if rma.state not in sources_of("validate_documents"):
            rma_step(rma, "validate_documents")  # Conflict naming the state, before the policy
        policy = policy_for(book, rma.brand)
        skipped = any(t.event == "skip_troubleshooting" for t in uow.rmas.timeline(rma.id))
        enforce(troubleshooting_first(policy, rma.state, skipped))
        enforce(claim_documents_complete(policy, claim_documents_status(policy, rma).missing))
        due, why_none = number_due(policy, centre_named(policy, rma.service_point), now)
        said = note.strip() or DOCUMENTS_VALIDATED
        if due is not None:
            due_by = NUMBER_DUE_PROVISIONAL if due.provisional else NUMBER_DUE
            reason = Said(due_by, note=said, day=due.due_on)
        else:
            reason = Said(NO_NUMBER_PROMISE, note=said, why=why_none)
        resume_clocks(uow, book, rma, "documents", actor, now)  # whatever was asked for came
        apply_event(uow, rma.id, "validate_documents", actor, reason, now)
        uow.rmas.record_documents_validated(rma.id, now)
        uow.rmas.set_number_due(rma.id, due, now)
        updated = uow.rmas.get(rma.id)
        assert updated is not None
        return updated


ASKING_ROLES = (Role.AGENT, Role.ADMIN)
"""Who asks a customer for documents: the desk."""


def ask_for_documents(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    rma_ref: str | int,
    documents: str,
    now: datetime,
    *,
    page_for: Callable[[int], str] | None = None,
) -> Rma:
    """The desk asks the customer for documents (a proof of purchase, photos) (issue #24).

    The request goes on the RMA's notes and to the customer by mail, in one
    transaction, and the wait on the customer begins: the clocks the service centre's
    setting names for documents pause until they come (``clock_pauses``); the customer
    sends them on the RMA's page (``page_for(rma_id)``, its address, given by the entry
    point that knows the site's address).
    ``InvalidInput`` if ``documents`` is empty; ``Conflict`` once the RMA is closed.
    """
    if actor.role not in ASKING_ROLES:
        raise PermissionDenied(f"a {actor.role} does not ask customers for documents")
    wanted = documents.strip()
    if not wanted:
        raise InvalidInput(
            "say which documents",
            [Problem("e.g. a proof of purchase showing the date", "documents")],
        )
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        if rma.is_final:
            raise Conflict(f"RMA {rma.number or f'#{rma.id}'} is {rma.state}: nothing is asked for")
        uow.rmas.add_note(rma.id, f"documents asked for: {wanted}", actor.label, now)
        page = page_for(rma.id) if page_for is not None else ""
        tell_documents_requested(uow, rma, wanted, now, page)
        pause_clocks(uow, rma, "documents", actor, now)
        return uow.rmas.get(rma.id) or rma

"""Use case: an RMA's mail address a server refused for good, shown and corrected (issue #24).

When and why: the worker marks an address failing when a mail server refuses it
permanently at send time (``services.outbox.sender``), and from then on sends it
nothing. The desk and the customer see it on the RMA; once the mailbox works
again (the customer fixed it, or the agent checked it with them), either of them
marks it corrected and mail goes to it again. A user account's sign-in address
(password mail) is corrected by an admin, audited on the user. Messages held meanwhile stay
``failed`` in the outbox, each saying why; an administrator can retry them.
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.domain.audit import Action, Personal, PersonalKind, Subject, SubjectKind
from warrantor.errors import N_, InvalidInput, NotFound, Problem, Said
from warrantor.services.access.users import require_admin
from warrantor.services.audit.record import record
from warrantor.services.rma.access import visible_rma
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.failing_addresses import FailingAddress, normalized


def rma_address_failing(
    uow_factory: UnitOfWorkFactory, actor: Actor, rma_ref: str | int
) -> FailingAddress | None:
    """The refusal of the RMA's contact address, if it is failing (``NotFound`` if the
    RMA is not the actor's to see)."""
    with uow_factory(read_only=True) as uow:
        rma = visible_rma(uow, actor, rma_ref)
        return uow.failing_addresses.get(rma.contact_email)


def correct_rma_address(
    uow_factory: UnitOfWorkFactory, actor: Actor, rma_ref: str | int, address: str = ""
) -> FailingAddress:
    """Mark the RMA's contact address working again; returns the refusal it forgets.

    Anyone who may see the RMA may do it (its customer, the desk). ``address``, when
    given, is the one the person saw (the desk's form sends it): if the RMA's address
    is another by now, nothing changes. ``InvalidInput`` if the address is not failing.
    """
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        if address.strip() and normalized(address) != normalized(rma.contact_email):
            now_is = Said(N_("the RMA's address is %(address)s now"), address=rma.contact_email)
            raise InvalidInput(
                N_("the RMA's address is not the one shown"), [Problem(now_is, "address")]
            )
        refusal = uow.failing_addresses.get(rma.contact_email)
        if refusal is None or not uow.failing_addresses.clear(rma.contact_email):
            fine = N_("%(address)s is not marked failing: mail goes to it")
            raise InvalidInput(
                N_("the address is not marked failing"),
                [Problem(Said(fine, address=rma.contact_email), "contact_email")],
            )
        return refusal


def correct_user_address(
    uow_factory: UnitOfWorkFactory, actor: Actor, email: str, now: datetime, reason: str = ""
) -> FailingAddress:
    """Mark a user account's sign-in address working again (an admin checked it with the
    person); returns the refusal it forgets and records it in the audit trail on the user.

    ``NotFound`` if no user signs in with ``email``; ``InvalidInput`` if it is not failing.
    """
    require_admin(actor, "mark a user's mail address corrected")
    wanted = email.strip().lower()
    with uow_factory() as uow:
        user = uow.users.by_email(wanted)
        if user is None:
            raise NotFound(f"no user with email {wanted}")
        refusal = uow.failing_addresses.get(user.email)
        if refusal is None or not uow.failing_addresses.clear(user.email):
            raise InvalidInput(
                "the address is not marked failing",
                [Problem(f"{user.email} is not marked failing: mail goes to it", "email")],
            )
        refused = Personal(refusal.reason, PersonalKind.TEXT, user.account_code)
        record(
            uow,
            actor,
            now,
            Subject(SubjectKind.USER, str(user.id)),
            Action.USER_MAIL_CORRECTED,
            before={"mail_failing": True, "refused_with": refused},
            after={"mail_failing": False},
            why=reason,
        )
        return refusal

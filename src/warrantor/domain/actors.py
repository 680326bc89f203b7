"""Who is asking: the actor every service call is made on behalf of.

Entry points turn a login (web session, API token) or the operator at the CLI
into an ``Actor`` and pass it to the services; the services, not the pages,
decide what the actor may see and do. Pure data: no framework, no store.

Object-level rule (issue #6): a request for an object the actor may not see
answers ``NotFound``, never the object, so ids and serials can't be probed.
A request the actor's role may never make answers ``PermissionDenied``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a user does. The same words as an account's kind."""

    CUSTOMER = "customer"
    DISTRIBUTOR = "distributor"
    DEALER = "dealer"
    AGENT = "agent"
    TECHNICIAN = "technician"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.AGENT, Role.TECHNICIAN, Role.ADMIN})
"""The maker's own people: they see every brand's units, orders and RMAs."""


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in user (or the CLI operator), the account they act for, and their role.

    ``account_code`` is the account whose objects are theirs (a customer's
    units, a distributor's quotes). Staff act for the maker and have one too.
    ``user_id`` is ``None`` only for the CLI operator (``Actor.operator``).
    """

    role: Role
    account_code: str | None
    user_id: int | None = None
    name: str = ""

    @classmethod
    def operator(cls) -> Actor:
        """The person at the CLI: the CLI runs on the server with database access, as admin."""
        return cls(role=Role.ADMIN, account_code=None, user_id=None, name="cli")

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def label(self) -> str:
        """How timelines and audit rows name this actor."""
        who = self.name or (f"user {self.user_id}" if self.user_id is not None else "cli")
        return f"{who} ({self.role})"


STAFF_ACCOUNT_KINDS = frozenset({"agent", "technician", "admin"})
"""Account kinds that belong to the maker; staff users sign in on one of these."""


def role_fits_account(role: Role, account_kind: str) -> bool:
    """Whether a user with ``role`` may act for an account of ``account_kind``.

    A customer acts for a customer account, a distributor for a distributor's,
    a dealer for a dealer's; staff (agent, technician, admin) for any of the
    maker's own accounts. Anything else would let a login see another
    party's objects.
    """
    if role in STAFF_ROLES:
        return account_kind in STAFF_ACCOUNT_KINDS
    return account_kind == role.value

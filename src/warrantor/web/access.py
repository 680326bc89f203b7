"""Who is looking at a portal page: the signed-in actor, or a trip to the sign-in page.

Every portal router declares ``PageActorDep``; the services it calls decide
what that actor may see (someone else's object is a 404 page). ``require``
turns away a role that may never open a page (a 403 page) before any service
is called, so a customer can't even see the desk's empty forms.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from warrantor.domain.actors import Actor, Role
from warrantor.errors import PermissionDenied
from warrantor.http.actor import get_actor

PageActorDep = Annotated[Actor, Depends(get_actor)]


def require(actor: Actor, *roles: Role) -> None:
    """``PermissionDenied`` unless ``actor`` has one of ``roles``."""
    if actor.role not in roles:
        wanted = " and ".join(ROLE_PEOPLE[role] for role in roles)
        raise PermissionDenied(f"This page is for {wanted}.")


ROLE_PEOPLE = {
    Role.CUSTOMER: "customers",
    Role.DISTRIBUTOR: "distributors",
    Role.DEALER: "dealers",
    Role.AGENT: "support agents",
    Role.TECHNICIAN: "technicians",
    Role.ADMIN: "warranty admins",
}
"""Who a role's people are, in words (a refusal names them, never the role's code)."""

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
from warrantor.errors import N_, PermissionDenied, Said
from warrantor.http.actor import get_actor

PageActorDep = Annotated[Actor, Depends(get_actor)]


def require(actor: Actor, *roles: Role) -> None:
    """``PermissionDenied`` unless ``actor`` has one of ``roles``."""
    if actor.role not in roles:
        wanted = Said(ROLE_PEOPLE[roles[0]])
        for role in roles[1:]:
            wanted = Said(
                N_("%(some)s and %(others)s"), some=wanted, others=Said(ROLE_PEOPLE[role])
            )
        raise PermissionDenied(Said(N_("This page is for %(people)s."), people=wanted))


ROLE_PEOPLE = {
    Role.CUSTOMER: N_("customers"),
    Role.DISTRIBUTOR: N_("distributors"),
    Role.DEALER: N_("dealers"),
    Role.AGENT: N_("support agents"),
    Role.TECHNICIAN: N_("technicians"),
    Role.ADMIN: N_("warranty admins"),
}
"""Who a role's people are, in words (a refusal names them, never the role's code; marked:
the 403 page says them in its reader's language)."""

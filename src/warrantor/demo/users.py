"""Demo data: one user per role, so `make run` can be tried signed in at once (issue #6).

Called by ``demo.activity.load_activity`` after the installed base is loaded.
Each user acts for a demo account that has something to show: the customer
owning the most units, the US or Canadian distributor and the direct-buying dealer
first invoiced the most (QNAP sells extensions in USA and Canada only, so the
distributor's portal has quotes, a balance, orders and certificates to show), and
the maker's own staff accounts.

The passwords are public (``demo-<role>``): demo data only, never production.
"""

from __future__ import annotations

from warrantor.bootstrap import Runtime
from warrantor.demo.accounts import TECHNICIAN
from warrantor.domain.actors import Actor, Role
from warrantor.services.access.users import NewUser, create_user
from warrantor.store.unit_scope import Relation, UnitScopeRepository

DEMO_EMAIL_DOMAIN = "demo.warrantor.example"

_STAFF_ACCOUNTS = {
    Role.AGENT: "AGENT-DEMO",
    Role.TECHNICIAN: TECHNICIAN,
    Role.ADMIN: "ADMIN-DEMO",
}
_OUTSIDE: dict[Role, Relation] = {
    Role.CUSTOMER: "owner",
    Role.DISTRIBUTOR: "first_invoiced_to",
    Role.DEALER: "first_invoiced_to",
}


def demo_email(role: Role) -> str:
    return f"{role.value}@{DEMO_EMAIL_DOMAIN}"


def demo_password(role: Role) -> str:
    return f"demo-{role.value}"


SHOWCASE_COUNTRIES = ("US", "CA")
"""Where the demo distributor is: QNAP sells extensions in USA and Canada only, so a
distributor elsewhere would have an empty portal (no quotes, no balance, no orders)."""


def showcase_distributor(runtime: Runtime) -> str | None:
    """The distributor the demo signs in as, and whose quotes, orders and balance it makes:
    the US or Canadian distributor first invoiced the most units."""
    with runtime.uow_factory() as uow:
        scope = UnitScopeRepository(uow.connection)
        return scope.busiest_account("distributor", "first_invoiced_to", SHOWCASE_COUNTRIES)


def _accounts(runtime: Runtime) -> dict[Role, str]:
    found: dict[Role, str] = {}
    distributor = showcase_distributor(runtime)
    if distributor is not None:
        found[Role.DISTRIBUTOR] = distributor
    with runtime.uow_factory() as uow:
        scope = UnitScopeRepository(uow.connection)
        for role, relation in _OUTSIDE.items():
            if role in found:
                continue
            code = scope.busiest_account(role.value, relation)
            if code is not None:
                found[role] = code
        for role, code in _STAFF_ACCOUNTS.items():
            if uow.accounts.get(code) is not None:
                found[role] = code
    return found


def load(runtime: Runtime) -> list[str]:
    """Add a user per role (skipping any already there); returns the lines to print."""
    accounts = _accounts(runtime)
    lines = ["Demo users (sign in at /login; demo passwords, never use them in production):"]
    for role in Role:
        code = accounts.get(role)
        if code is None:
            lines.append(f"  {role.value:11} (no suitable demo account)")
            continue
        with runtime.uow_factory() as uow:
            exists = uow.users.by_email(demo_email(role)) is not None
        if not exists:
            new = NewUser(
                demo_email(role), f"Demo {role.value}", role.value, code, demo_password(role)
            )
            create_user(runtime.uow_factory, Actor.operator(), new, runtime.clock.now())
        lines.append(
            f"  {role.value:11} {demo_email(role):38} password {demo_password(role):17} ({code})"
        )
    return lines

"""Demo users: one per role, on a demo account of the right kind that has units to show."""

from __future__ import annotations

from warrantor.bootstrap import Runtime
from warrantor.demo import users as demo_users
from warrantor.demo.seed import load_demo
from warrantor.domain.actors import Role, role_fits_account
from warrantor.services.access.sessions import actor_of, authenticate
from warrantor.services.installed_base.units import list_visible_units
from warrantor.store.units import UnitFilter


def test_every_role_has_a_demo_user_who_signs_in_with_the_printed_password(
    runtime: Runtime,
) -> None:
    load_demo(runtime.uow_factory, runtime.book, runtime.clock, units=300)
    lines = demo_users.load(runtime)
    for role in Role:
        email, password = demo_users.demo_email(role), demo_users.demo_password(role)
        assert any(email in line and password in line for line in lines), role
        user = authenticate(runtime.uow_factory, email, password, runtime.clock.now())
        assert user.role == role.value
        assert role_fits_account(role, user.account_kind)
        if role in (Role.CUSTOMER, Role.DISTRIBUTOR, Role.DEALER):
            seen = list_visible_units(runtime.uow_factory, actor_of(user), UnitFilter(limit=5))
            assert seen, f"the demo {role.value} has no units to look at"


def test_loading_the_demo_users_twice_adds_nobody(runtime: Runtime) -> None:
    load_demo(runtime.uow_factory, runtime.book, runtime.clock, units=100)
    demo_users.load(runtime)
    with runtime.uow_factory() as uow:
        before = uow.users.list_users()
    demo_users.load(runtime)
    with runtime.uow_factory() as uow:
        assert uow.users.list_users() == before

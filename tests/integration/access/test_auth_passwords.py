"""Passwords: argon2id with RFC 9106's low-memory parameters, rehashed when they change."""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.errors import NotAuthenticated
from warrantor.services.access.passwords import HASHER, needs_rehash
from warrantor.services.access.sessions import authenticate
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account


def test_new_passwords_are_argon2id_with_the_rfc_9106_low_memory_parameters(
    person: Any, uow_factory: UnitOfWorkFactory
) -> None:
    someone = person(Role.CUSTOMER)
    with uow_factory() as uow:
        stored = uow.users.by_email(someone.email)
    assert stored is not None
    params = RFC_9106_LOW_MEMORY
    assert stored.password_hash.startswith("$argon2id$v=19$")
    assert f"m={params.memory_cost},t={params.time_cost},p={params.parallelism}" in (
        stored.password_hash
    )
    assert someone.password not in stored.password_hash


def test_a_hash_with_old_parameters_is_replaced_on_sign_in(
    uow_factory: UnitOfWorkFactory, runtime: Runtime
) -> None:
    now = runtime.clock.now()
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with uow_factory() as uow:
        uow.accounts.upsert(Account("C-OLD", "Old", "customer"), now)
    new = NewUser("old@example.com", "Old", "customer", "C-OLD", "an old password")
    create_user(uow_factory, Actor.operator(), new, now, hasher=weak)
    with uow_factory() as uow:
        before = uow.users.by_email("old@example.com")
    assert before is not None and needs_rehash(before.password_hash)

    authenticate(uow_factory, "old@example.com", "an old password", now)

    with uow_factory() as uow:
        after = uow.users.by_email("old@example.com")
    assert after is not None
    assert after.password_hash != before.password_hash
    assert not needs_rehash(after.password_hash, HASHER)
    assert after.last_login_at == now


def test_a_wrong_password_does_not_rehash_or_record_a_login(
    person: Any, uow_factory: UnitOfWorkFactory, runtime: Runtime
) -> None:
    someone = person(Role.DEALER)
    with uow_factory() as uow:
        before = uow.users.by_email(someone.email)
    try:
        authenticate(uow_factory, someone.email, "wrong password", runtime.clock.now())
    except NotAuthenticated:
        pass
    else:
        raise AssertionError("a wrong password signed in")
    with uow_factory() as uow:
        after = uow.users.by_email(someone.email)
    assert before == after

"""Use cases: create, list, deactivate and reactivate users (admins, and the CLI operator).

The first admin is made with ``warrantor users create`` (the CLI acts as the
operator); after that an admin can manage users through the API. A user's
role must fit their account's kind (``role_fits_account``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher

from warrantor.domain.actors import Actor, Role, role_fits_account
from warrantor.domain.audit import Action
from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem
from warrantor.services.access.passwords import HASHER, check_password_rules, hash_password
from warrantor.services.audit import changes as audit
from warrantor.services.paging import Page, read_page
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.users import User


@dataclass(frozen=True, slots=True)
class NewUser:
    email: str
    name: str
    role: str
    account: str
    """The code of the account the user acts for."""
    password: str


def require_admin(actor: Actor, doing: str) -> None:
    """``PermissionDenied`` unless ``actor`` is a warranty admin (or the CLI operator)."""
    if actor.role is not Role.ADMIN:
        raise PermissionDenied(f"only a warranty admin may {doing}")


def normalize_email(raw: str) -> str:
    """An email as stored: trimmed, lower case; ``InvalidInput`` naming ``email`` if malformed."""
    email = raw.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in email):
        raise InvalidInput(
            f"{raw!r} is not an email address", [Problem("is not an email address", "email")]
        )
    if len(email) > 320:
        raise InvalidInput("the email is too long", [Problem("at most 320 characters", "email")])
    return email


def create_user(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    new: NewUser,
    now: datetime,
    hasher: PasswordHasher = HASHER,
) -> User:
    """Add a user; ``InvalidInput`` naming the field, ``Conflict`` if the email is taken."""
    require_admin(actor, "create users")
    problems: list[Problem] = []
    email = None
    try:
        email = normalize_email(new.email)
    except InvalidInput as error:
        problems.extend(error.problems)
    name = new.name.strip()
    if not name:
        problems.append(Problem("is empty", "name"))
    role = next((r for r in Role if r.value == new.role.strip().lower()), None)
    if role is None:
        known = ", ".join(r.value for r in Role)
        problems.append(Problem(f"unknown role {new.role!r}; known: {known}", "role"))
    try:
        check_password_rules(new.password)
    except InvalidInput as error:
        problems.extend(error.problems)
    if problems:
        raise InvalidInput(f"cannot create user {new.email!r}", problems)
    assert email is not None and role is not None
    with uow_factory() as uow:
        account = uow.accounts.get(new.account.strip())
        account_id = uow.accounts.id_of(new.account.strip())
        if account is None or account_id is None:
            raise InvalidInput(
                f"no account has code {new.account!r}",
                [Problem(f"no account has code {new.account}", "account")],
            )
        if not role_fits_account(role, account.kind):
            message = f"a {role.value} cannot act for {account.code}, a {account.kind} account"
            raise InvalidInput(message, [Problem(message, "role")])
        if uow.users.by_email(email) is not None:
            raise Conflict(f"a user with email {email} already exists")
        user_id = uow.users.add(
            email, name, role.value, account_id, hash_password(new.password, hasher), now
        )
        user = uow.users.by_id(user_id)
        assert user is not None
        audit.user_created(uow, actor, now, user)
        return user


USERS_LIST = "users"
"""The users list's name in its page cursors (key: the e-mail address, unique)."""


def page_users(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    account: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[User]:
    """One page of every user (of ``account`` if given), by e-mail, after ``cursor``; not
    counted (a full-table list: ``total`` is ``None``)."""
    require_admin(actor, "list users")
    with uow_factory() as uow:
        return read_page(
            limit,
            cursor,
            USERS_LIST,
            (str,),
            lambda after, most: uow.users.list_users(account, most, after),
            lambda user: (user.email,),
        )


LAST_ADMIN = (
    "{email} is the last active warranty admin: make another user an admin first, "
    "or nobody could manage users any more"
)


def _keep_an_admin(uow: UnitOfWork, user: User) -> None:
    """``Conflict`` when ``user`` is the only active admin (called before deactivating or
    demoting them); the active admins' rows stay locked until the change is stored."""
    if user.role != Role.ADMIN.value or not user.active:
        return
    if uow.users.lock_active_admins() == [user.id]:
        raise Conflict(LAST_ADMIN.format(email=user.email))


def deactivate_user(
    uow_factory: UnitOfWorkFactory, actor: Actor, email: str, now: datetime, reason: str = ""
) -> User:
    """Stop a user from signing in: their sessions end now and their tokens stop working.

    The last active admin can't be deactivated (``Conflict``, saying why)."""
    require_admin(actor, "deactivate users")
    wanted = email.strip().lower()
    with uow_factory() as uow:
        user = uow.users.by_email(wanted)
        if user is None:
            raise NotFound(f"no user with email {wanted}")
        _keep_an_admin(uow, user)
        uow.users.set_active(user.id, False)
        uow.users.delete_sessions_of(user.id)
        changed = uow.users.by_id(user.id)
        assert changed is not None
        audit.user_changed(uow, actor, now, user, changed, Action.USER_DEACTIVATED, reason)
        return changed


def change_role(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    email: str,
    role: str,
    now: datetime,
    reason: str = "",
) -> User:
    """Give a user another role, one that fits their account; ``InvalidInput`` names ``role``.

    The last active admin can't be given another role (``Conflict``, saying why)."""
    require_admin(actor, "change roles")
    new_role = next((r for r in Role if r.value == role.strip().lower()), None)
    if new_role is None:
        known = ", ".join(r.value for r in Role)
        raise InvalidInput(
            f"unknown role {role!r}", [Problem(f"unknown role {role!r}; known: {known}", "role")]
        )
    wanted = email.strip().lower()
    with uow_factory() as uow:
        user = uow.users.by_email(wanted)
        if user is None:
            raise NotFound(f"no user with email {wanted}")
        if not role_fits_account(new_role, user.account_kind):
            message = (
                f"a {new_role.value} cannot act for {user.account_code}, "
                f"a {user.account_kind} account"
            )
            raise InvalidInput(message, [Problem(message, "role")])
        if new_role.value == user.role:
            return user
        _keep_an_admin(uow, user)
        uow.users.set_role(user.id, new_role.value)
        uow.users.delete_sessions_of(user.id)  # a session must not keep the old role's rights
        changed = uow.users.by_id(user.id)
        assert changed is not None
        audit.user_changed(uow, actor, now, user, changed, Action.USER_ROLE_CHANGED, reason)
        return changed


def reactivate_user(
    uow_factory: UnitOfWorkFactory, actor: Actor, email: str, now: datetime, reason: str = ""
) -> User:
    """Let a deactivated user sign in again (with the password they had; their API tokens
    work again unless revoked or expired). An active user is returned unchanged."""
    require_admin(actor, "reactivate users")
    wanted = email.strip().lower()
    with uow_factory() as uow:
        user = uow.users.by_email(wanted)
        if user is None:
            raise NotFound(f"no user with email {wanted}")
        if user.active:
            return user
        uow.users.set_active(user.id, True)
        changed = uow.users.by_id(user.id)
        assert changed is not None
        audit.user_changed(uow, actor, now, user, changed, Action.USER_REACTIVATED, reason)
        return changed

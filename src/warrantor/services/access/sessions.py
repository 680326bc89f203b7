"""Use cases: sign in with email and password, web sessions, and who a session is.

A sign-in returns a new session: a random token for the cookie (only its
hash is stored) and a CSRF secret for the session's forms. A session ends
``session_max_hours`` after sign-in or ``session_idle_minutes`` after its
last request, whichever comes first, when the user is deactivated, or on
sign-out. API tokens are ``services.access.tokens``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher

from warrantor.domain.actors import Actor, Role
from warrantor.errors import NotAuthenticated
from warrantor.services.access.passwords import (
    HASHER,
    hash_password,
    needs_rehash,
    spend_verification_time,
    verify_password,
)
from warrantor.services.access.secrets import digest, new_csrf_secret, new_session_token
from warrantor.services.access.settings import AuthSettings
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.users import User

WRONG_LOGIN = "the email or password is wrong"
"""One message for an unknown email, a wrong password and a deactivated user."""

TOUCH_EVERY = timedelta(minutes=1)
"""A session's last-seen time is written at most this often (not on every request)."""


def actor_of(user: User) -> Actor:
    return Actor(
        role=Role(user.role), account_code=user.account_code, user_id=user.id, name=user.name
    )


@dataclass(frozen=True, slots=True)
class NewSession:
    """What a sign-in hands to the browser: the cookie's value and the forms' CSRF token."""

    token: str
    csrf_token: str
    expires_at: datetime
    actor: Actor


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A live session: who it is and the CSRF token its forms carry."""

    actor: Actor
    csrf_token: str
    locale: str | None = None
    """The language the user chose for pages and mail (issue #26), if any."""
    time_zone: str | None = None
    """The zone the user's pages show times in (issue #26), ``None`` until it is set."""


def authenticate(
    uow_factory: UnitOfWorkFactory,
    email: str,
    password: str,
    now: datetime,
    hasher: PasswordHasher = HASHER,
) -> User:
    """The active user with this email and password; ``NotAuthenticated`` otherwise.

    An unknown email still costs one argon2 verification, so timing doesn't
    tell which emails have users. A hash made with older parameters is
    replaced by one with the current ones.
    """
    with uow_factory() as uow:
        user = uow.users.by_email(email.strip().lower())
        if user is None:
            spend_verification_time(password, hasher)
            raise NotAuthenticated(WRONG_LOGIN)
        if not verify_password(user.password_hash, password, hasher) or not user.active:
            raise NotAuthenticated(WRONG_LOGIN)
        if needs_rehash(user.password_hash, hasher):
            uow.users.set_password_hash(user.id, hash_password(password, hasher))
        uow.users.record_login(user.id, now)
        return user


def sign_in(
    uow_factory: UnitOfWorkFactory,
    email: str,
    password: str,
    now: datetime,
    settings: AuthSettings,
    hasher: PasswordHasher = HASHER,
) -> NewSession:
    """Check the password and open a web session."""
    user = authenticate(uow_factory, email, password, now, hasher)
    token, csrf = new_session_token(), new_csrf_secret()
    expires_at = now + timedelta(hours=settings.session_max_hours)
    with uow_factory() as uow:
        uow.users.add_session(digest(token), user.id, csrf, now, expires_at)
    return NewSession(token=token, csrf_token=csrf, expires_at=expires_at, actor=actor_of(user))


def session_for(
    uow_factory: UnitOfWorkFactory, token: str, now: datetime, settings: AuthSettings
) -> SessionInfo | None:
    """The live session a cookie names, or ``None`` (unknown, ended, or user deactivated).

    An ended session is deleted on sight. Every signed-in request asks this, so the
    session is read on its own (``read_only``: on PostgreSQL one statement in autocommit,
    no BEGIN and COMMIT round trips), and a transaction is opened only for a write: the
    deletion of an ended session, or the last-seen time at most once a ``TOUCH_EVERY``.
    """
    idle = timedelta(minutes=settings.session_idle_minutes)
    token_hash = digest(token)
    with uow_factory(read_only=True) as uow:
        session = uow.users.session(token_hash)
    if session is None:
        return None
    if now >= session.expires_at or now >= session.last_seen_at + idle:
        with uow_factory() as uow:
            uow.users.delete_session(token_hash)
        return None
    if not session.user.active:
        return None
    if now - session.last_seen_at >= TOUCH_EVERY:
        with uow_factory() as uow:
            uow.users.touch_session(session.id, now)
    return SessionInfo(
        actor=actor_of(session.user),
        csrf_token=session.csrf_secret,
        locale=session.user.locale,
        time_zone=session.user.time_zone,
    )


def actor_for_session(
    uow_factory: UnitOfWorkFactory, token: str, now: datetime, settings: AuthSettings
) -> Actor | None:
    """Who a session cookie signs in, or ``None``."""
    info = session_for(uow_factory, token, now, settings)
    return info.actor if info else None


def sign_out(uow_factory: UnitOfWorkFactory, token: str) -> None:
    """End the session this cookie names (nothing happens for an unknown one)."""
    with uow_factory() as uow:
        uow.users.delete_session(digest(token))

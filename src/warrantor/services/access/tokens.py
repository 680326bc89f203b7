"""Use cases: API tokens for integrations: create (the value is shown once), list, revoke, use.

A token acts as the user it belongs to, with their role and account. Only a
digest is stored, plus a short visible prefix so a person can tell tokens
apart. A revoked, expired or deactivated user's token signs nobody in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from warrantor.domain.actors import Actor, Role
from warrantor.errors import InvalidInput, NotFound, PermissionDenied, Problem
from warrantor.services.access.secrets import VISIBLE_PREFIX_LENGTH, digest, new_api_token
from warrantor.services.access.sessions import TOUCH_EVERY, actor_of
from warrantor.services.audit import changes as audit
from warrantor.services.paging import Page, read_page
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.users import ApiToken


@dataclass(frozen=True, slots=True)
class CreatedToken:
    """A new token: ``secret`` is its value, shown this once and never again."""

    secret: str
    token: ApiToken


def _owner_id(uow: UnitOfWork, actor: Actor, email: str | None) -> int:
    """Whose token: the actor's own, or (admin only) the user with ``email``."""
    if email is None:
        if actor.user_id is None:
            raise InvalidInput(
                "the CLI operator has no tokens of their own; name a user",
                [Problem("name the user the token is for", "email")],
            )
        return actor.user_id
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("only a warranty admin may manage other users' tokens")
    user = uow.users.by_email(email.strip().lower())
    if user is None:
        raise NotFound(f"no user with email {email.strip().lower()}")
    return user.id


MAX_TOKEN_DAYS = 3660
"""A token that should end does so within ten years; one that shouldn't has no end day."""


def create_token(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    name: str,
    now: datetime,
    expires_in_days: int | None = None,
    email: str | None = None,
) -> CreatedToken:
    """Make a token for the actor (or, for an admin, for the user with ``email``)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput(
            "a token needs a name (at most 100 characters)",
            [Problem("give a name of 1 to 100 characters", "name")],
        )
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        message = f"must be from 1 to {MAX_TOKEN_DAYS} days (or none: no end)"
        raise InvalidInput(f"expires_in_days {message}", [Problem(message, "expires_in_days")])
    expires_at = now + timedelta(days=expires_in_days) if expires_in_days else None
    secret = new_api_token()
    with uow_factory() as uow:
        user_id = _owner_id(uow, actor, email)
        token = uow.users.add_token(
            digest(secret), secret[:VISIBLE_PREFIX_LENGTH], name, user_id, now, expires_at
        )
        audit.token_changed(uow, actor, now, None, token)
    return CreatedToken(secret=secret, token=token)


TOKENS_LIST = "tokens"
"""The tokens list's name in its page cursors (key: when made, id; newest first)."""


def page_tokens(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    email: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[ApiToken]:
    """One page of the actor's tokens, newest first, after ``cursor`` (an admin may name a
    user; the CLI operator sees all without one); not counted (``total`` is ``None``)."""

    with uow_factory() as uow:
        every = email is None and actor.user_id is None and actor.role is Role.ADMIN
        owner = None if every else _owner_id(uow, actor, email)
        return read_page(
            limit,
            cursor,
            TOKENS_LIST,
            (datetime, int),
            lambda after, most: uow.users.tokens_of(owner, most, after),
            lambda token: (token.created_at, token.id),
        )


def revoke_token(
    uow_factory: UnitOfWorkFactory, actor: Actor, token_id: int, now: datetime
) -> ApiToken:
    """Revoke one token: the actor's own, or any for an admin. Someone else's is ``NotFound``."""
    with uow_factory() as uow:
        token = uow.users.token(token_id)
        if token is None or (actor.role is not Role.ADMIN and token.user_id != actor.user_id):
            raise NotFound(f"no API token {token_id}")
        uow.users.revoke_token(token_id, now)
        revoked = uow.users.token(token_id)
        assert revoked is not None
        if token.revoked_at is None:
            audit.token_changed(uow, actor, now, token, revoked)
        return revoked


def actor_for_token(uow_factory: UnitOfWorkFactory, secret: str, now: datetime) -> Actor | None:
    """Who an ``Authorization: Bearer`` token signs in, or ``None``.

    Read in a read-only unit of work (one statement, no BEGIN or COMMIT on
    PostgreSQL); the token's last use is written in a unit of work of its own only
    when it is older than ``TOUCH_EVERY``, as a session's is."""
    with uow_factory(read_only=True) as uow:
        found = uow.users.token_by_hash(digest(secret))
    if found is None:
        return None
    token, user = found
    if token.revoked_at is not None or not user.active:
        return None
    if token.expires_at is not None and now >= token.expires_at:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        with uow_factory() as uow:
            uow.users.mark_token_used(token.id, now)
    return actor_of(user)

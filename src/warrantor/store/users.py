"""Repository: users, their web sessions and their API tokens (issue #6).

Maps rows to the dataclasses below; callers never see a SQLAlchemy row.
Session and token values never reach this module: only their hashes do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, Table, bindparam, select, update

from warrantor.store.keyset import keyset_page
from warrantor.store.repository import inserted_id
from warrantor.store.tables import accounts
from warrantor.store.tables_auth import api_tokens, users, web_sessions


@dataclass(frozen=True, slots=True)
class User:
    """One user as stored, with the code and kind of the account they act for."""

    id: int
    email: str
    name: str
    role: str
    account_code: str
    account_kind: str
    password_hash: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None = None
    locale: str | None = None
    """The language they chose (issue #26); ``None``: the browser's decides."""
    time_zone: str | None = None
    """The IANA zone their pages show times in (issue #26); ``None``: not set yet."""
    account_name: str = ""
    """The name of the account they act for, for pages (issue #25: names, not codes)."""


@dataclass(frozen=True, slots=True)
class WebSession:
    """A signed-in browser, and who signed in."""

    id: int
    user: User
    csrf_secret: str
    created_at: datetime
    expires_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True, slots=True)
class ApiToken:
    """An API token's visible facts (never its value)."""

    id: int
    prefix: str
    name: str
    user_id: int
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


def _user_query() -> Select[Any]:
    return select(
        users,
        accounts.c.code.label("account_code"),
        accounts.c.kind.label("account_kind"),
        accounts.c.name.label("account_name"),
    ).join(accounts, accounts.c.id == users.c.account_id)


def _signed_in_by(table: Table, *columns: Any) -> Select[Any]:
    """A user with ``columns`` of the row of ``table`` (sessions, API tokens) whose token's
    hash is ``:token_hash``: how a request signs in."""
    return (
        _user_query()
        .add_columns(*columns)
        .join(table, table.c.user_id == users.c.id)
        .where(table.c.token_hash == bindparam("token_hash"))
    )


_SESSION_QUERY = _signed_in_by(
    web_sessions,
    web_sessions.c.id.label("session_id"),
    web_sessions.c.csrf_secret,
    web_sessions.c.created_at.label("session_created_at"),
    web_sessions.c.expires_at,
    web_sessions.c.last_seen_at,
)
"""A session and its user by the token's hash: read on every signed-in request, so built
once (building and keying a new statement each time cost more CPU than running it)."""

_TOKEN_QUERY = _signed_in_by(
    api_tokens,
    api_tokens.c.id.label("token_id"),
    api_tokens.c.prefix,
    api_tokens.c.name.label("token_name"),
    api_tokens.c.created_at.label("token_created_at"),
    api_tokens.c.last_used_at,
    api_tokens.c.expires_at,
    api_tokens.c.revoked_at,
)
"""An API token and its user by the token's hash: read on every request signed in by a
token, so built once, as ``_SESSION_QUERY`` is."""


def _user(row: Row[Any]) -> User:
    return User(
        id=row.id,
        email=row.email,
        name=row.name,
        role=row.role,
        account_code=row.account_code,
        account_kind=row.account_kind,
        password_hash=row.password_hash,
        active=row.active,
        created_at=row.created_at,
        last_login_at=row.last_login_at,
        locale=row.locale,
        time_zone=row.time_zone,
        account_name=row.account_name,
    )


def _token(row: Row[Any]) -> ApiToken:
    return ApiToken(
        id=row.id,
        prefix=row.prefix,
        name=row.name,
        user_id=row.user_id,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )


class UserRepository:
    """Reads and writes users, sessions and tokens on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # --- users -------------------------------------------------------------------

    def add(
        self, email: str, name: str, role: str, account_id: int, password_hash: str, now: datetime
    ) -> int:
        """Store a new user (``email`` already lower-cased); returns its id."""
        result = self._connection.execute(
            users.insert().values(
                email=email,
                name=name,
                role=role,
                account_id=account_id,
                password_hash=password_hash,
                active=True,
                created_at=now,
            )
        )
        return inserted_id(result)

    def by_email(self, email: str) -> User | None:
        row = self._connection.execute(_user_query().where(users.c.email == email)).first()
        return _user(row) if row else None

    def by_id(self, user_id: int) -> User | None:
        row = self._connection.execute(_user_query().where(users.c.id == user_id)).first()
        return _user(row) if row else None

    def list_users(
        self, account_code: str | None = None, limit: int = 1000, after: Sequence[Any] | None = None
    ) -> list[User]:
        """Users by e-mail (unique), after the key ``after`` (keyset: the next page)."""
        query = _user_query()
        if account_code is not None:
            query = query.where(accounts.c.code == account_code)
        key = [users.c.email]
        page = keyset_page(query, key, after, limit)
        return [_user(row) for row in self._connection.execute(page)]

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self._connection.execute(
            update(users).where(users.c.id == user_id).values(password_hash=password_hash)
        )

    def lock_active_admins(self) -> list[int]:
        """The ids of the active admins, their rows locked until the transaction ends
        (``FOR UPDATE`` on PostgreSQL; SQLite writes one transaction at a time), so two
        admins removing each other at once can't both pass a count of two."""
        query = (
            select(users.c.id)
            .where(users.c.role == "admin", users.c.active.is_(True))
            .order_by(users.c.id)
            .with_for_update()
        )
        return list(self._connection.scalars(query))

    def set_active(self, user_id: int, active: bool) -> None:
        self._connection.execute(update(users).where(users.c.id == user_id).values(active=active))

    def set_role(self, user_id: int, role: str) -> None:
        self._connection.execute(update(users).where(users.c.id == user_id).values(role=role))

    def set_locale(self, user_id: int, locale: str | None) -> None:
        self._connection.execute(update(users).where(users.c.id == user_id).values(locale=locale))

    def set_time_zone(self, user_id: int, zone: str | None, *, only_unset: bool = False) -> None:
        """Store ``zone``; with ``only_unset``, only when the user has none yet (the browser's
        report at first sign-in does not overwrite a zone the user chose)."""
        statement = update(users).where(users.c.id == user_id)
        if only_unset:
            statement = statement.where(users.c.time_zone.is_(None))
        self._connection.execute(statement.values(time_zone=zone))

    def record_login(self, user_id: int, now: datetime) -> None:
        self._connection.execute(
            update(users).where(users.c.id == user_id).values(last_login_at=now)
        )

    # --- web sessions ------------------------------------------------------------

    def add_session(
        self,
        token_hash: str,
        user_id: int,
        csrf_secret: str,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        self._connection.execute(
            web_sessions.insert().values(
                token_hash=token_hash,
                user_id=user_id,
                csrf_secret=csrf_secret,
                created_at=now,
                expires_at=expires_at,
                last_seen_at=now,
            )
        )

    def session(self, token_hash: str) -> WebSession | None:
        """The session with this token hash and its user (active or not: the caller decides)."""
        row = self._connection.execute(_SESSION_QUERY, {"token_hash": token_hash}).first()
        if row is None:
            return None
        return WebSession(
            id=row.session_id,
            user=_user(row),
            csrf_secret=row.csrf_secret,
            created_at=row.session_created_at,
            expires_at=row.expires_at,
            last_seen_at=row.last_seen_at,
        )

    def touch_session(self, session_id: int, now: datetime) -> None:
        self._connection.execute(
            update(web_sessions).where(web_sessions.c.id == session_id).values(last_seen_at=now)
        )

    def delete_session(self, token_hash: str) -> None:
        self._connection.execute(
            web_sessions.delete().where(web_sessions.c.token_hash == token_hash)
        )

    def delete_sessions_of(self, user_id: int) -> None:
        self._connection.execute(web_sessions.delete().where(web_sessions.c.user_id == user_id))

    def delete_sessions_ended(self, now: datetime) -> int:
        """Forget sessions past their end; returns how many."""
        result = self._connection.execute(
            web_sessions.delete().where(web_sessions.c.expires_at <= now)
        )
        return result.rowcount or 0

    # --- API tokens --------------------------------------------------------------

    def add_token(
        self,
        token_hash: str,
        prefix: str,
        name: str,
        user_id: int,
        now: datetime,
        expires_at: datetime | None,
    ) -> ApiToken:
        result = self._connection.execute(
            api_tokens.insert().values(
                token_hash=token_hash,
                prefix=prefix,
                name=name,
                user_id=user_id,
                created_at=now,
                expires_at=expires_at,
            )
        )
        token = self.token(inserted_id(result))
        assert token is not None
        return token

    def token(self, token_id: int) -> ApiToken | None:
        row = self._connection.execute(
            select(api_tokens).where(api_tokens.c.id == token_id)
        ).first()
        return _token(row) if row else None

    def token_by_hash(self, token_hash: str) -> tuple[ApiToken, User] | None:
        row = self._connection.execute(_TOKEN_QUERY, {"token_hash": token_hash}).first()
        if row is None:
            return None
        token = ApiToken(
            id=row.token_id,
            prefix=row.prefix,
            name=row.token_name,
            user_id=row.id,
            created_at=row.token_created_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )
        return token, _user(row)

    def tokens_of(
        self,
        user_id: int | None = None,
        limit: int = 1000,
        after: Sequence[Any] | None = None,
    ) -> list[ApiToken]:
        """Tokens of one user (or every user's), newest first (made at, then id), older
        than the key ``after`` (keyset: the next page)."""
        query = select(api_tokens)
        if user_id is not None:
            query = query.where(api_tokens.c.user_id == user_id)
        key = [api_tokens.c.created_at, api_tokens.c.id]
        page = keyset_page(query, key, after, limit, descending=True)
        return [_token(row) for row in self._connection.execute(page)]

    def mark_token_used(self, token_id: int, now: datetime) -> None:
        self._connection.execute(
            update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=now)
        )

    def revoke_token(self, token_id: int, now: datetime) -> None:
        self._connection.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

"""Use case: sign-in failures per account slow down, and never lock the account out.

When and why: the per-address limit (``login_rate_limit``) stops one client
trying many passwords quickly, but not many clients trying one account.
So each account (by e-mail, known or not, so the answer tells nothing about
which e-mails have users) keeps a streak of failed sign-ins: the first
``free_failures`` cost nothing; after that, the next attempt must wait
``first_wait_s``, then twice that after each further failure, capped at
``max_wait_s``. An attempt during the wait is refused before the password is
checked (``RateLimited``: 429 with ``Retry-After``) and doesn't lengthen it;
once the wait is over the right password always works (no lock-out, so an
attacker can't keep the owner out). A success ends the streak; so does a
day (``streak_s``) without failures.

When a streak reaches ``mail_after`` failures, the account's owner (an
active user with that e-mail) is mailed once, through the outbox.

The streaks live where the runtime's rate limiter counts (the database,
Redis, or this process's memory): ``streaks_for``. Keys hold a hash of the
e-mail, never the e-mail itself.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from limits.storage import Storage

from warrantor.errors import Said
from warrantor.i18n import formats
from warrantor.i18n.locales import N_
from warrantor.mail.render import render
from warrantor.services.access.language import account_country, mail_locale
from warrantor.services.access.rate_limit import (
    DatabaseLimiter,
    MovingWindowLimiter,
    RateLimited,
    RateLimiter,
)
from warrantor.services.outbox.mail import queue_mail
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.rate_limits import RateLimitRepository


@dataclass(frozen=True, slots=True)
class BackOffRules:
    """How failures slow an account's sign-ins down (``AuthSettings`` gives the numbers)."""

    free_failures: int = 3
    first_wait_s: int = 2
    max_wait_s: int = 900
    mail_after: int = 10
    streak_s: int = 86_400

    def wait_after(self, failures: int) -> int:
        """Seconds the next attempt waits after the ``failures``-th failure in a row."""
        if failures < self.free_failures:
            return 0
        doublings = min(failures - self.free_failures, 32)
        wait: int = self.first_wait_s * 2**doublings
        return min(self.max_wait_s, wait)


@dataclass(frozen=True, slots=True)
class Streak:
    """Failed sign-ins in a row for one account, and when the last one was."""

    failures: int
    last_at: datetime | None


class Streaks(Protocol):
    """Where streaks are kept: the rate limiter's store."""

    def read(self, key: str, now: datetime) -> Streak: ...

    def add_failure(self, key: str, now: datetime) -> int:
        """Count a failure at ``now``; returns the streak's failures including it."""
        ...

    def end(self, key: str, now: datetime) -> None: ...


class DatabaseStreaks:
    """A streak as rate-limit rows in the database: one row per failed second (its
    ``window_start``), summed over the last ``streak_s``; the clean-up duty drops old rows."""

    def __init__(self, uow_factory: UnitOfWorkFactory, streak_s: int) -> None:
        self.uow_factory = uow_factory
        self.streak_s = streak_s

    def read(self, key: str, now: datetime) -> Streak:
        with self.uow_factory() as uow:
            failures, last_at = RateLimitRepository(uow.connection).total_since(
                key, now - timedelta(seconds=self.streak_s)
            )
        return Streak(failures, last_at)

    def add_failure(self, key: str, now: datetime) -> int:
        with self.uow_factory(single_statement=True) as uow:
            RateLimitRepository(uow.connection).hit(key, now.replace(microsecond=0))
        return self.read(key, now).failures

    def end(self, key: str, now: datetime) -> None:
        with self.uow_factory(single_statement=True) as uow:
            RateLimitRepository(uow.connection).forget_before(key, now + timedelta(days=1))


class StorageStreaks:
    """A streak in the ``limits`` store of the moving-window limiter (Redis, or memory):
    a counter, and the last failure's time (seconds since 1970) beside it; both expire
    ``streak_s`` after the streak's first failure."""

    def __init__(self, storage: Storage, streak_s: int) -> None:
        self.storage = storage
        self.streak_s = streak_s

    def read(self, key: str, now: datetime) -> Streak:
        failures = int(self.storage.get(key))
        at = int(self.storage.get(f"{key}:at"))
        last_at = datetime.fromtimestamp(at, tz=now.tzinfo) if failures and at else None
        return Streak(failures, last_at)

    def add_failure(self, key: str, now: datetime) -> int:
        failures = int(self.storage.incr(key, self.streak_s))
        self.storage.clear(f"{key}:at")
        self.storage.incr(f"{key}:at", self.streak_s, amount=int(now.timestamp()))
        return failures

    def end(self, key: str, now: datetime) -> None:
        self.storage.clear(key)
        self.storage.clear(f"{key}:at")


def streaks_for(limiter: RateLimiter, streak_s: int) -> Streaks:
    """The streaks kept in ``limiter``'s own store."""
    if isinstance(limiter, MovingWindowLimiter):
        return StorageStreaks(limiter.storage, streak_s)
    if isinstance(limiter, DatabaseLimiter):
        return DatabaseStreaks(limiter.uow_factory, streak_s)
    raise TypeError(f"no sign-in streaks for a {type(limiter).__name__}")


def account_key(email: str) -> str:
    """The streak's key: a hash of the e-mail as sign-in reads it (trimmed, lower case)."""
    normalized = email.strip().lower().encode()
    return "signin:account:" + hashlib.sha256(normalized).hexdigest()[:40]


class SignInBackOff:
    """Checks an account's wait before a sign-in, and records how it went."""

    def __init__(
        self, limiter: RateLimiter, uow_factory: UnitOfWorkFactory, rules: BackOffRules
    ) -> None:
        self.uow_factory = uow_factory
        self.rules = rules
        self.streaks = streaks_for(limiter, rules.streak_s)

    def before_attempt(self, email: str, now: datetime) -> None:
        """``RateLimited`` (with the seconds left) while the account must still wait."""
        streak = self.streaks.read(account_key(email), now)
        wait = self.rules.wait_after(streak.failures)
        if not wait or streak.last_at is None:
            return
        left = (streak.last_at + timedelta(seconds=wait) - now).total_seconds()
        if left > 0:
            seconds = min(self.rules.max_wait_s, max(1, math.ceil(left)))
            refused = N_(
                "too many failed sign-ins for this account: try again in %(seconds)s seconds "
                "(each failure makes the next attempt wait longer)"
            )
            raise RateLimited(
                Said(refused, seconds=seconds),
                seconds,
                limit="sign-in back-off",
            )

    def failed(self, email: str, now: datetime) -> None:
        """Count a failure; at ``mail_after`` in a row, mail the account's owner once."""
        failures = self.streaks.add_failure(account_key(email), now)
        if failures == self.rules.mail_after:
            self._tell_owner(email, failures, now)

    def succeeded(self, email: str, now: datetime) -> None:
        self.streaks.end(account_key(email), now)

    def _tell_owner(self, email: str, failures: int, now: datetime) -> None:
        with self.uow_factory() as uow:
            user = uow.users.by_email(email.strip().lower())
            if user is None or not user.active:
                return
            locale = mail_locale(uow, user.email, account_country(uow, user.account_code, None))
            mail = render(
                "sign_in_failures",
                {
                    "name": user.name,
                    "email": user.email,
                    "failures": failures,
                    "longest_wait": formats.duration(self.rules.max_wait_s, locale),
                },
                locale,
            )
            queue_mail(
                uow,
                to=user.email,
                subject=mail.subject,
                body=mail.body,
                now=now,
                topic="account.sign_in_failures",
                reference=f"user {user.id}",
            )

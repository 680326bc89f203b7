"""Use cases: a user's language for pages and mail (issue #26).

A user may choose one of the languages we write (``i18n.locales.SUPPORTED``) or none, in
which case their browser's ``Accept-Language`` decides on pages and, for mail, the language
of the request that caused it, else their account's country. Only the user themselves
sets it (on their settings page, the chooser, or ``PUT /api/v1/me/settings``).
"""

from __future__ import annotations

from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, NotAuthenticated, Problem, Said
from warrantor.i18n.locales import (
    LANGUAGE_NAMES,
    N_,
    REQUEST_LOCALE,
    SUPPORTED,
    country_locale,
    supported,
)
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory

CHOICES = ", ".join(f"{code} ({LANGUAGE_NAMES[code]})" for code in SUPPORTED)


def chosen_locale(raw: str | None) -> str | None:
    """``raw`` as a supported language, ``None`` for an empty choice (the browser decides);
    ``InvalidInput`` naming ``locale`` for a language we do not write."""
    if raw is None or not raw.strip():
        return None
    found = supported(raw)
    if found is None:
        not_one = N_("'%(raw)s' is not one of %(choices)s")
        raise InvalidInput(
            f"no such language: choose one of {CHOICES}",
            [Problem(Said(not_one, raw=raw.strip()[:40], choices=CHOICES), "locale")],
        )
    return found


def _user_id(actor: Actor) -> int:
    if actor.user_id is None:
        raise NotAuthenticated("only a signed-in user has a language setting")
    return actor.user_id


def language_of(uow_factory: UnitOfWorkFactory, actor: Actor) -> str | None:
    """The language ``actor`` chose, or ``None``."""
    with uow_factory() as uow:
        user = uow.users.by_id(_user_id(actor))
        return user.locale if user is not None else None


def set_language(uow_factory: UnitOfWorkFactory, actor: Actor, raw: str | None) -> str | None:
    """Store ``actor``'s language (``None``/empty clears it); returns what is stored."""
    locale = chosen_locale(raw)
    user_id = _user_id(actor)
    with uow_factory() as uow:
        uow.users.set_locale(user_id, locale)
    return locale


def recipient_locale(uow: UnitOfWork, address: str) -> str | None:
    """The language the user with e-mail ``address`` chose, if they are a user and chose one."""
    user = uow.users.by_email(address.strip().lower())
    return supported(user.locale) if user is not None else None


def account_country(uow: UnitOfWork, account_code: str | None, fallback: str | None) -> str | None:
    """The country of the account ``account_code`` (``fallback`` when it has none)."""
    account = uow.accounts.get(account_code) if account_code else None
    return (account.country if account is not None else None) or fallback


def mail_locale(uow: UnitOfWork, address: str, country: str | None = None) -> str:
    """The language of a mail to ``address``: the recipient's stored setting, else the
    language of the request that causes the mail, else that of ``country`` (the account's);
    where the caller knows no account (``country`` None: a parcel's sender), the account of
    the user ``address`` is, if it is one's."""
    user = uow.users.by_email(address.strip().lower())
    stored = supported(user.locale) if user is not None else None
    if country is None and user is not None:
        country = account_country(uow, user.account_code, None)
    return stored or REQUEST_LOCALE.get() or country_locale(country)

"""Use cases: a user's time zone, the clock their pages show times on (issue #26, item 2).

A user's zone is set from their browser at their first sign-in (a same-origin script posts
``Intl.DateTimeFormat().resolvedOptions().timeZone``; it never overwrites a zone already
stored) and they may change it on their settings page or ``PUT /api/v1/me/settings``.
Until then pages show the service centre's zone. Only the user themselves sets it.
"""

from __future__ import annotations

from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, NotAuthenticated, Problem, Said
from warrantor.i18n.locales import N_
from warrantor.i18n.times import known_zone
from warrantor.services.uow import UnitOfWorkFactory


def chosen_time_zone(raw: str | None) -> str | None:
    """``raw`` as an IANA zone name, ``None`` for an empty choice; ``InvalidInput`` naming
    ``time_zone`` for a name the time zone database does not know."""
    if raw is None or not raw.strip():
        return None
    zone = raw.strip()
    if not known_zone(zone):
        raise InvalidInput(
            "no such time zone: give an IANA name such as Europe/Berlin or Asia/Shanghai",
            [Problem(Said(N_("'%(zone)s' is not an IANA time zone"), zone=zone[:64]), "time_zone")],
        )
    return zone


def _user_id(actor: Actor) -> int:
    if actor.user_id is None:
        raise NotAuthenticated("only a signed-in user has a time zone setting")
    return actor.user_id


def time_zone_of(uow_factory: UnitOfWorkFactory, actor: Actor) -> str | None:
    """The zone ``actor``'s pages show times in, or ``None`` when not set yet."""
    with uow_factory() as uow:
        user = uow.users.by_id(_user_id(actor))
        return user.time_zone if user is not None else None


def set_time_zone(uow_factory: UnitOfWorkFactory, actor: Actor, raw: str | None) -> str | None:
    """Store ``actor``'s zone (``None``/empty clears it: the centre's until the browser
    tells us again); returns what is stored."""
    zone = chosen_time_zone(raw)
    user_id = _user_id(actor)
    with uow_factory() as uow:
        uow.users.set_time_zone(user_id, zone)
    return zone


def report_browser_time_zone(uow_factory: UnitOfWorkFactory, actor: Actor, raw: str) -> str:
    """The browser's zone, stored only when ``actor`` has none (a zone they chose stays);
    returns the zone they now have."""
    zone = chosen_time_zone(raw)
    if zone is None:
        raise InvalidInput("the browser sent no time zone", [Problem("is required", "time_zone")])
    user_id = _user_id(actor)
    with uow_factory() as uow:
        uow.users.set_time_zone(user_id, zone, only_unset=True)
        user = uow.users.by_id(user_id)
        return (user.time_zone if user is not None else None) or zone

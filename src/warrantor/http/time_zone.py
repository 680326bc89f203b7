"""The time zone of a request's reader (issue #26, item 2): a signed-in user's stored zone,
else the service centre's (``Settings.centre_time_zone``), which anonymous visitors see too.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request


@dataclass(frozen=True, slots=True)
class ReaderZones:
    reader: str
    """The zone the page shows times in."""
    centre: str
    """The service centre's zone (staff pages' due times)."""
    ask_browser: bool
    """A signed-in user whose zone is not set yet: the page asks their browser for it."""


def reader_zones(request: Request) -> ReaderZones:
    """The zones ``request``'s page shows times in."""
    centre = str(request.app.state.runtime.settings.centre_time_zone)
    session = getattr(request.state, "web_session", None)
    stored = getattr(session, "time_zone", None)
    if isinstance(stored, str) and stored:
        return ReaderZones(stored, centre, ask_browser=False)
    return ReaderZones(centre, centre, ask_browser=session is not None)

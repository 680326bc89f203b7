"""Who is calling: turn a web session or an API token into an ``Actor`` (issue #6).

``get_actor`` is the one dependency every protected route declares (through
``deps.ActorDep``); tests of other areas replace it with
``app.dependency_overrides[get_actor]``.
"""

from __future__ import annotations

from fastapi import Request

from warrantor.domain.actors import Actor
from warrantor.errors import NotAuthenticated


def get_actor(request: Request) -> Actor:
    """The signed-in actor; ``NotAuthenticated`` (401) when there is none."""
    raise NotAuthenticated("sign in, or send an API token as 'Authorization: Bearer <token>'")

"""Dependencies the routers declare, as ``Annotated`` aliases.

The runtime (database, policies, clock) is built once by the app factory and
kept on ``app.state``; routes receive it through ``RuntimeDep``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.http.actor import get_actor, get_optional_actor


async def get_runtime(request: Request) -> Runtime:
    """The app's runtime. ``async`` because it only reads ``app.state``: a plain ``def``
    dependency would cost every request a hop to the thread pool and back."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


ActorDep = Annotated[Actor, Depends(get_actor)]
"""Who is calling (401 when nobody is signed in); services check what they may see."""

OptionalActorDep = Annotated[Actor | None, Depends(get_optional_actor)]
"""Who is calling, or ``None``: for public routes whose answer depends on who asks."""

"""Dependencies the routers declare, as ``Annotated`` aliases.

The runtime (database, policies, clock) is built once by the app factory and
kept on ``app.state``; routes receive it through ``RuntimeDep``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from warrantor.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]

"""Routes: the signed-in user's own settings, their language (issue #26).

The same setting as the web's ``/my/settings`` page and its chooser: pages and mail to the
user are written in it; ``null`` lets the browser's ``Accept-Language`` decide.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from warrantor.api.responses import errors
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.services.access.language import language_of, set_language
from warrantor.views.language import MySettingsOut, my_settings_out

router = APIRouter(tags=["auth"])


class MySettingsIn(BaseModel):
    locale: str | None = Field(
        max_length=20, description="en, zh_Hans or de; null or empty: the browser's decides"
    )


@router.get("/me/settings", responses=errors(401))
def get_my_settings(runtime: RuntimeDep, actor: ActorDep) -> MySettingsOut:
    """The signed-in user's language, and the languages one may choose."""
    return my_settings_out(language_of(runtime.uow_factory, actor))


@router.put("/me/settings", responses=errors(401, 422))
def put_my_settings(body: MySettingsIn, runtime: RuntimeDep, actor: ActorDep) -> MySettingsOut:
    """Set the signed-in user's language (422 naming ``locale`` for one we do not write)."""
    return my_settings_out(set_language(runtime.uow_factory, actor, body.locale))

"""Routes: the signed-in user's own settings, their language and time zone (issue #26).

The same settings as the web's ``/my/settings`` page and its chooser: pages and mail to the
user are written in the language; ``null`` lets the browser's ``Accept-Language`` decide.
Pages show times in the time zone (an IANA name); ``null``: the browser's is taken at the
next sign-in, the service centre's until then.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from warrantor.api.responses import errors
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.request_guard import guarded_router
from warrantor.services.access.language import chosen_locale, language_of, set_language
from warrantor.services.access.time_zone import chosen_time_zone, set_time_zone, time_zone_of
from warrantor.views.language import MySettingsOut, my_settings_out

router = guarded_router(tags=["auth"])


class MySettingsIn(BaseModel):
    locale: str | None = Field(
        max_length=20, description="en, zh_Hans or de; null or empty: the browser's decides"
    )
    time_zone: str | None = Field(
        default=None,
        max_length=64,
        description="an IANA time zone (Europe/Berlin, Asia/Shanghai); left out: unchanged; "
        "null or empty: cleared (the browser's is taken at the next sign-in)",
    )


@router.get("/me/settings", responses=errors(401))
def get_my_settings(runtime: RuntimeDep, actor: ActorDep) -> MySettingsOut:
    """The signed-in user's language and time zone, and the languages one may choose."""
    uow_factory = runtime.uow_factory
    return my_settings_out(language_of(uow_factory, actor), time_zone_of(uow_factory, actor))


@router.put("/me/settings", responses=errors(401, 422))
def put_my_settings(body: MySettingsIn, runtime: RuntimeDep, actor: ActorDep) -> MySettingsOut:
    """Set the signed-in user's language and time zone (422 naming ``locale`` for a language
    we do not write, ``time_zone`` for a name no IANA zone has; then neither is stored)."""
    uow_factory = runtime.uow_factory
    chosen_locale(body.locale)
    zone_given = "time_zone" in body.model_fields_set
    if zone_given:
        chosen_time_zone(body.time_zone)
    locale = set_language(uow_factory, actor, body.locale)
    if zone_given:
        set_time_zone(uow_factory, actor, body.time_zone)
    return my_settings_out(locale, time_zone_of(uow_factory, actor))

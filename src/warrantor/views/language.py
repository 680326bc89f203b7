"""What the API answers about a user's language and time zone (issue #26)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from warrantor.i18n.locales import LANGUAGE_NAMES, SUPPORTED


class LanguageOut(BaseModel):
    code: str = Field(description="e.g. en, zh_Hans, de")
    name: str = Field(description="the language by its own name")


class MySettingsOut(BaseModel):
    locale: str | None = Field(
        description="the language chosen for pages and mail; null: the browser's decides"
    )
    languages: list[LanguageOut] = Field(description="the languages one may choose")
    time_zone: str | None = Field(
        default=None,
        description="the IANA time zone pages show times in (e.g. Europe/Berlin); null: not "
        "set yet (the browser's is taken at the next sign-in; until then the service centre's)",
    )


def my_settings_out(locale: str | None, time_zone: str | None = None) -> MySettingsOut:
    return MySettingsOut(
        locale=locale,
        time_zone=time_zone,
        languages=[LanguageOut(code=code, name=LANGUAGE_NAMES[code]) for code in SUPPORTED],
    )

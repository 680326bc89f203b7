"""Plain-text messages from Jinja2 templates: one template per notice.

A template's first line is ``Subject: ...``; the rest, after one blank line,
is the body. Templates are strict: a fact the template names and the caller
did not give is an error at queue time, in the caller's transaction, rather
than a message with a hole in it.

A message is written in one language (issue #26): each language has its own environment
with its catalogue installed (Jinja's i18n extension), and templates mark their text with
``_("...")``; what callers pass in (a clause's sentence, an agent's reason) is shown as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from warrantor.i18n import formats
from warrantor.i18n.locales import ENGLISH, SUPPORTED, translations
from warrantor.i18n.sentences import localised

TEMPLATES_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class RenderedMail:
    """A subject line and a plain-text body."""

    subject: str
    body: str


@cache
def _environment(locale: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=False,  # plain text, never HTML
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["day"] = lambda value: formats.day(value, locale)
    # a data value: a marked word, or a sentence made with values (``errors.Said``)
    env.filters["tr"] = lambda value: localised(
        value if isinstance(value, str) else str(value), locale
    )
    env.filters["isoday"] = lambda value: _written_day(value, locale)
    return env


def _written_day(value: object, locale: str) -> str:
    """A day given as ``YYYY-MM-DD`` text, as ``locale`` writes it (English keeps the ISO
    form its mails always had; anything else is shown as given)."""
    text = str(value)
    if locale == ENGLISH:
        return text
    try:
        return formats.day(date.fromisoformat(text.strip()), locale)
    except ValueError:
        return text


def render(template_name: str, context: dict[str, Any], locale: str = ENGLISH) -> RenderedMail:
    """Render ``templates/<template_name>.txt`` with ``context``, in ``locale``."""
    env = _environment(locale if locale in SUPPORTED else ENGLISH)
    text = env.get_template(f"{template_name}.txt").render(context)
    head, separator, body = text.partition("\n\n")
    if not separator or not head.startswith("Subject: ") or "\n" in head:
        raise ValueError(f"{template_name}.txt must start with one 'Subject: ...' line")
    return RenderedMail(subject=head.removeprefix("Subject: ").strip(), body=body)

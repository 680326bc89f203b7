"""Plain-text messages from Jinja2 templates: one template per notice.

A template's first line is ``Subject: ...``; the rest, after one blank line,
is the body. Templates are strict: a fact the template names and the caller
did not give is an error at queue time, in the caller's transaction, rather
than a message with a hole in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class RenderedMail:
    """A subject line and a plain-text body."""

    subject: str
    body: str


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=False,  # plain text, never HTML
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_ENVIRONMENT = _environment()


def render(template_name: str, context: dict[str, Any]) -> RenderedMail:
    """Render ``templates/<template_name>.txt`` with ``context``."""
    text = _ENVIRONMENT.get_template(f"{template_name}.txt").render(context)
    head, separator, body = text.partition("\n\n")
    if not separator or not head.startswith("Subject: ") or "\n" in head:
        raise ValueError(f"{template_name}.txt must start with one 'Subject: ...' line")
    return RenderedMail(subject=head.removeprefix("Subject: ").strip(), body=body)

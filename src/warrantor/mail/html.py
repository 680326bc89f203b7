"""The HTML part of a message, made from its plain text (issue #24).

When and why: every message goes out as ``multipart/alternative``, plain text
and HTML, so a mail client that prefers HTML shows it well and one that reads
text loses nothing. The HTML is made from the same rendered text, so the two
never say different things: each paragraph (text between blank lines) is a
``<p>`` keeping its line breaks and indentation, addresses starting with
``http://`` or ``https://`` become links, and the signature after ``-- `` is set
apart. Everything else is escaped.
"""

from __future__ import annotations

import re
from html import escape

LINK = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")
SIGNATURE = "-- \n"

STYLE = "font-family: sans-serif; font-size: 15px; line-height: 1.45; white-space: pre-wrap"


def _paragraph(text: str) -> str:
    parts: list[str] = []
    last = 0
    for found in LINK.finditer(text):
        parts.append(escape(text[last : found.start()]))
        url = escape(found.group(0))
        parts.append(f'<a href="{url}">{url}</a>')
        last = found.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def html_version(subject: str, text: str) -> str:
    """A small HTML document saying what ``text`` says, titled ``subject``."""
    body, _, signature = text.partition(SIGNATURE)
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", body) if p.strip()]
    html = [
        "<!doctype html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{escape(subject)}</title></head>",
        "<body>",
        *(f'<p style="{STYLE}">{_paragraph(p)}</p>' for p in paragraphs),
    ]
    if signature.strip():
        html.append(f'<p style="{STYLE}; color: #555">-- <br>{_paragraph(signature.strip())}</p>')
    html.append("</body></html>")
    return "\n".join(html) + "\n"

"""Every text a customer-facing template or mail shows is marked for translation (issue #26,
item 1): the catalogue test checks every marked string; this one fails where a page or a mail
a customer reads holds English that is not marked at all (a literal text, an attribute a
screen reader speaks, a label handed to a form macro). Staff pages (desk, admin, reports)
and the staff's mail stay English; the staff's parts of shared templates are listed here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3] / "src" / "warrantor"
PAGES = ROOT / "web" / "templates"
MAILS = ROOT / "mail" / "templates"
STAFF_ONLY = ("admin/", "desk/", "reports/", "rma_sla_late.txt")

NAMES = {"Warrantor", "API", "RMA", "JSON", "Subject", "--"}
"""Names and codes, the same in every language, and a mail's header and signature marks."""

FOR_STAFF = {
    # _mail_failing.html: the desk's side of the notice
    "Mail to this customer bounces",
    "Nothing more is sent there until the address is corrected",
    "Address corrected: send mail again",
    # distributor/quote.html: the staff's bank-transfer form
    "Record the bank transfer",
    "Mark as paid",
    "Reference",
    "The bank's transaction id or the invoice number.",
    # _rma.html: the desk's notes
    "Notes",
    "by",
    # certificates/verify.html: the API's and the CLI's way, as code
    "POST /api/v1/certificates/verify",
    "warrantor certificate verify FILE",
}
COMPARED = {"Not found", "not verified"}
"""Literals a template compares a value with (an error's title, a status), never shown."""

COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
TAG = re.compile(r"<[^>]*>", re.DOTALL)
SPOKEN = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"{]*[A-Za-z][^"{]*)"')
STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''
MARKED = re.compile(rf"\b(?:_|gettext|ngettext)\(\s*(?:{STRING})(?:\s*,\s*(?:{STRING}))?")
LITERAL = re.compile(STRING)
WORDS = re.compile(r"[A-Za-z]{2,}")


def _customer_files() -> list[Path]:
    files = [*sorted(PAGES.rglob("*.html")), *sorted(MAILS.glob("*.txt"))]
    return [f for f in files if not _relative(f).startswith(STAFF_ONLY)]


def _relative(path: Path) -> str:
    base = PAGES if path.is_relative_to(PAGES) else MAILS
    return path.relative_to(base).as_posix()


def unmarked(source: str) -> list[str]:
    """The English a template shows that is not marked: its text between tags and code, the
    words of attributes read aloud, and prose handed to a macro as a literal."""
    source = COMMENT.sub("", source)
    found = []
    for block in CODE.findall(source):
        for literal in LITERAL.findall(MARKED.sub("", block)):
            text = literal[1:-1]
            prose = " " in text or re.match(r"[A-Z][a-z]", text)
            if WORDS.search(text) and prose and "=" not in text and not text.startswith("/"):
                found.append(text)
    text = CODE.sub("\0", source)  # a value shown: no text, and a tag stays whole
    found += SPOKEN.findall(text)
    for line in re.split(r"[\n\0]", TAG.sub("\n", text)):
        shown = line.strip().strip("·:(),.").strip()
        if WORDS.search(shown) and '="' not in shown:  # not an attribute a branch adds
            found.append(shown)
    return [f for f in found if f not in NAMES | FOR_STAFF | COMPARED]


def test_the_scan_finds_unmarked_text() -> None:
    page = '<h1>Your products</h1><input placeholder="Serial" title="{{ _("x") }}">'
    macro = '{{ f.input(form, "serial", "Serial number", hint=_("Marked")) }}'
    assert unmarked(page + macro) == ["Serial number", "Serial", "Your products"]
    assert unmarked('<p>{{ _("Hello") }} · Warrantor</p>{# a note #}') == []


@pytest.mark.parametrize("path", _customer_files(), ids=_relative)
def test_a_customer_facing_template_marks_all_its_text(path: Path) -> None:
    left = unmarked(path.read_text())
    assert not left, f"{_relative(path)}: mark with _(): {left}"

"""The policy engine's stored sentences read back, for a page in the reader's language (#26).

A decision's summary, its notes and the errors of facts it can't judge are stored (and
answered by the API) in English: the sentences of ``policy.decision_words`` filled in. A page
or a mail showing a stored one reads it back into its ``errors.Said`` here and translates it
(``sentences.localised``): a day written the reader's way, a kind of coverage or what a
decision still needs (``policy.missing_words``) translated as the sentence it is. A text that
is none of them (written before, or by a person) is shown as given.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from warrantor.errors import Said, said_together
from warrantor.i18n.sentences import read_back
from warrantor.policy import decision_words as words
from warrantor.policy.missing_words import NEEDED

_SIZE = r"[\d,]+(?:\.\d+)? TB"
_TERABYTES = "%(size)s TB"
"""A size read back: its number written the reader's way ('1,5 TB' in German), the unit as
is (TB is TB in every language we write; not a catalogue entry)."""
_PATTERNS = {"day": r"\d{4}-\d{2}-\d{2}", "years": r"[\d,]+", "used": _SIZE, "limit": _SIZE}
_INNER = {
    "why": (words.REGION_ONLY, words.VALID_ONLY),
    "covered": (words.CLAIM_COVERED, words.COVERED),
}
_LISTS = {"asked": NEEDED, "wrong": words.FACT_ERRORS}
"""Values that are several sentences, each read back, with ``; `` between them."""
_WORDS = frozenset({"kind", "conditions", "known"})
"""Values that may be a marked word ("the standard warranty", "none"), else data."""


def summary_said(text: str) -> str:
    """A stored summary as the sentence it was written as; else as given."""
    return _read(text, words.SUMMARIES) or text


def note_said(text: str) -> str:
    """A decision's stored note as the sentence it was written as; else as given (a policy's
    own note on a catalogue entry)."""
    return _read(text, words.NOTES) or text


def fact_error_said(text: str) -> str:
    """Why a fact can't be judged, as the sentence it was written as; else as given."""
    return _read(text, words.FACT_ERRORS) or text


def _read(text: str, templates: tuple[str, ...]) -> Said | None:
    if isinstance(text, Said) and text.template in templates:
        return text  # written just now, not stored: it is the sentence already
    return read_back(text, templates, _PATTERNS, _value)


def _value(name: str, text: str) -> object:
    if name == "day":
        return date.fromisoformat(text)
    if name == "years":
        return int(text.replace(",", ""))
    if name in ("used", "limit"):
        return Said(_TERABYTES, size=Decimal(text.removesuffix(" TB").replace(",", "")))
    if name in _INNER:
        return _read(text, _INNER[name]) or text
    if name in _LISTS:
        inner = _LISTS[name]
        return said_together([_read(part, inner) or Said(part) for part in text.split("; ")])
    if name in _WORDS:
        return Said(text)
    return text

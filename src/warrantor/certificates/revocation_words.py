"""Why a certificate was revoked, as sentences a page translates (issue #26, item 1).

A revocation's reason is stored as English text (the registry, the API and the CLI show it
so). Where the system writes it (a certificate reissued when its unit was replaced on an
RMA), it is one of the sentences below, marked with ``N_`` and filled in with an
``errors.Said``; the verification page reads a stored reason back (:func:`revocation_said`)
and shows it in its reader's language. A reason someone typed is shown as given.
"""

from __future__ import annotations

from warrantor.errors import N_, Said
from warrantor.i18n.sentences import read_back

REISSUED = N_("reissued as %(number)s: %(reason)s")
UNIT_REPLACED = N_("unit replaced by %(serial)s on RMA %(rma)s")


def revocation_said(reason: str) -> str:
    """A stored revocation ``reason`` as the sentence it was written as; else as given."""
    return (
        read_back(reason, (REISSUED,), value=_why)
        or read_back(reason, (UNIT_REPLACED,))
        or (reason)
    )


def _why(name: str, text: str) -> object:
    if name != "reason":
        return text
    return read_back(text, (UNIT_REPLACED,)) or Said(text)  # a marked word, else as typed

"""Sentences several use cases say to a customer, with their values (issue #26).

Each is an ``errors.Said``: the English sentence for the API and the CLI, with its marked
template and its values, so a page or a mail says it in the reader's language
(``i18n.sentences.localised``).
"""

from __future__ import annotations

from collections.abc import Sequence

from warrantor.errors import Said
from warrantor.i18n.locales import N_


def at_most_characters(most: int) -> Said:
    """A text field longer than ``most`` characters."""
    return Said(N_("at most %(most)s characters"), most=most)


def no_unit(serial: str, brand: str | None = None) -> Said:
    """No unit has ``serial`` (of ``brand``), or none the reader may see."""
    if brand:
        return Said(N_("no %(brand)s unit with serial %(serial)s"), brand=brand, serial=serial)
    return Said(N_("no unit with serial %(serial)s"), serial=serial)


def one_of(choices: Sequence[str]) -> Said:
    """A value that must be one of ``choices`` (names or codes, shown as given)."""
    return Said(N_("one of %(choices)s"), choices=tuple(choices))


def about_file(named: str | None, message: str) -> Said:
    """A sent file's problem, the file named first ("receipt.gif: a proof of purchase must be
    ..."; "the file" when it has no name); ``message`` a sentence, a marked one if plain."""
    return about(named or Said(N_("the file")), message)


def about(subject: str, message: str) -> Said:
    """A problem with ``subject`` (a serial, a model, a file), named first: "Q123: ..."
    (``message`` a sentence, a marked one if plain)."""
    said = message if isinstance(message, Said) else Said(message)
    return Said(N_("%(subject)s: %(problem)s"), subject=subject, problem=said)


def no_account(code: str) -> Said:
    """A login linked to an account that is not stored (a customer's own)."""
    return Said(N_("account %(account)s does not exist"), account=code)

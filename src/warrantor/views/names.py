"""What a person reads instead of a code: states, actions, coverage kinds, service centres,
product lines, days and money.

Records keep codes (``awaiting_unit``, ``qnap-us``, ``TS-x53``, 12900 minor units of USD);
every page shows these names instead (the API and the CLI's ``--json`` keep the codes).
The names here are English and marked ``N_`` for the catalogues: a page's filters translate
them into its language (``web.page_templates``).
Names that live in a policy (a service centre's, a product line's) are asked of the
policy book through ``policy/``; the rest are here, once.
"""

from __future__ import annotations

from datetime import date

from warrantor.domain.money import Money
from warrantor.domain.rma import STATE_NAMES
from warrantor.errors import WarrantorError
from warrantor.i18n import formats
from warrantor.i18n.locales import N_
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import centre_named, centres, policy_for

RMA_STATES = STATE_NAMES
"""An RMA's states by name (``domain.rma.STATE_NAMES``: services name them in sentences)."""

ORDER_STATES = {
    "awaiting_payment": N_("Waiting for payment"),
    "paid": N_("Paid"),
    "cancelled": N_("Cancelled"),
    "quoted": N_("Quoted: waiting for acceptance"),
    "accepted": N_("Accepted: waiting for payment"),
    "settled": N_("Settled"),
}
"""States of extension orders and quotes."""

COVERAGE_KINDS = {
    "standard": N_("standard warranty"),
    "extended": N_("extended warranty"),
    "global_service": N_("global service"),
    "repair": N_("repair cover"),
}


def words(code: str) -> str:
    """A code nobody named yet, made readable: ``ready_to_ship`` -> ``Ready to ship``."""
    text = str(code).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def rma_state(state: str) -> str:
    """An RMA's state by its name (``awaiting_unit`` -> "Waiting for the unit")."""
    return RMA_STATES.get(str(state), words(state))


def order_state(state: str) -> str:
    """An extension order's or a quote's state by its name."""
    value = getattr(state, "value", state)
    return ORDER_STATES.get(str(value), words(str(value)))


def coverage_kind(kind: str) -> str:
    """A coverage's kind in words (``global_service`` -> "global service")."""
    return COVERAGE_KINDS.get(str(kind), words(kind).lower())


def day(value: date | None) -> str:
    """A day as people write it in English: "29 April 2027" (empty for none)."""
    return formats.day(value)


def money(minor: int, currency: str) -> str:
    """An amount in major units with its currency: 12900 USD -> "USD 129.00"."""
    return str(Money(minor, currency))


class Names:
    """The names a policy gives to its codes: service centres and product lines."""

    def __init__(self, book: PolicyBook) -> None:
        self._book = book

    def centre_name(self, brand: str, centre_id: str) -> str:
        """A service centre's name ("QNAP RMA, USA"); a point of purchase by its words."""
        try:
            found = centre_named(policy_for(self._book, brand), centre_id)
        except WarrantorError:
            found = None
        return found.name if found is not None else centre_id

    def centre_zone(self, brand: str, centre_id: str) -> str | None:
        """A service centre's time zone (its deadlines' days are its days); ``None`` for a
        point of purchase or a brand without a policy."""
        try:
            found = centre_named(policy_for(self._book, brand), centre_id)
        except WarrantorError:
            found = None
        return found.timezone if found is not None else None

    def line_name(self, brand: str, line_id: str | None) -> str:
        """A product line's name ("TS-x53 NAS Series"); the id when the policy has none."""
        if not line_id:
            return ""
        try:
            lines = dict(self._book.product_lines(brand))
        except WarrantorError:
            return line_id
        return lines.get(line_id, line_id)

    def brands(self) -> list[str]:
        """The brands of the policies in force (``QNAP``, ``Netac``)."""
        return self._book.brands()

    def line_choices(self) -> list[tuple[str, str, str]]:
        """Every product line of the policies in force, as (brand, id, name), brand by brand:
        what a filter or a form offers by name, sending the id."""
        return [
            (brand, line_id, name)
            for brand in self._book.brands()
            for line_id, name in self._book.product_lines(brand)
        ]

    def line_options(self) -> list[tuple[str, str]]:
        """Every product line as a form's choice: (id, "TS-x53 NAS Series (QNAP)")."""
        return [(line_id, f"{name} ({brand})") for brand, line_id, name in self.line_choices()]

    def centre_name_of(self, centre_id: str) -> str:
        """A service centre's name by its id alone, where no brand comes with it (a desk's
        unassigned queue): the first policy naming that id ("QNAP RMA, USA"), else the id."""
        found = (name for _brand, cid, name in self.centre_choices() if cid == centre_id)
        return next(found, centre_id)

    def centre_choices(self) -> list[tuple[str, str, str]]:
        """Every service centre of the policies in force, as (brand, id, name)."""
        return [
            (brand, centre.id, centre.name)
            for brand in self._book.brands()
            for centre in centres(policy_for(self._book, brand))
        ]

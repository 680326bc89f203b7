"""What a decision still needs, as sentences a page translates (issue #26, item 1).

The policy engine names each fact it lacks with why (``decision.Missing``): the API, the CLI
and the stored answers keep the English. The sentences are marked here with ``N_`` and
written with ``errors.Said`` where the engine asks, so a page reads a stored one back
(``i18n.sentences.read_back`` over ``NEEDED``) and shows it in the reader's language; a
model's name or a contact stays as the policy gives it.
"""

from __future__ import annotations

from warrantor.errors import N_

NO_START_RULE = N_("the policy has no start-date rule")
PROOF_OF_PURCHASE = N_("a proof of purchase showing the purchase date")
MANUFACTURED_ON = N_("the manufacturing date")
FIRST_INVOICED_ON = N_("the first invoice date")
SERVICE_COUNTRY = N_("the country where service is asked")
COUNTRY_OF_PURCHASE = N_("the country where the unit was bought")
EXTENSION_CERTIFICATE = N_("the extended warranty certificate (a copy), to be validated")
SPECIAL_REVIEW = N_("a person to review this special application")
SPECIAL_REVIEW_CONTACT = N_(
    "a person to review this special application (consult the maker by %(contact)s)"
)
BYTES_WRITTEN = N_("a reading of the bytes written (SMART data) taken on or before the day asked")
CATALOGUE_YEARS = N_("the maker's catalogue entry for %(model)s (its warranty years)")
CAPACITY = N_("the capacity of the %(model)s (its TBW depends on it)")
TBW_FIGURE = N_("the maker's TBW figure for the %(model)s")
WINDOW_OPENS = N_("the date of the unit's first invoice (it opens the purchase window)")
BUYER_COUNTRY = N_("the buyer's country (the extension is valid in some countries only)")

NEEDED = (
    NO_START_RULE,
    PROOF_OF_PURCHASE,
    MANUFACTURED_ON,
    FIRST_INVOICED_ON,
    SERVICE_COUNTRY,
    COUNTRY_OF_PURCHASE,
    EXTENSION_CERTIFICATE,
    SPECIAL_REVIEW_CONTACT,
    SPECIAL_REVIEW,
    BYTES_WRITTEN,
    CATALOGUE_YEARS,
    CAPACITY,
    TBW_FIGURE,
    WINDOW_OPENS,
    BUYER_COUNTRY,
)
"""Every sentence above, the one with a value before its shorter form."""

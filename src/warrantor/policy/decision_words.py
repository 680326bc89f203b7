"""How the policy engine sums a decision up, as sentences a page translates (issue #26, item 1).

The engine's summary (``Decision.summary``), its notes and the errors of facts it can't judge
are the sentences below, marked with ``N_`` and written with ``errors.Said``: the API, the
CLI and the stored answers keep the English (the string is the sentence filled in). A mail
made from a live decision translates it (``i18n.sentences.localised``); a page showing a
stored one reads it back first (``i18n.decisions``). The values are data and stay as given:
a model, a country, a finding's or a part's description as the policy words it, a clause's
published sentence; a day is written the reader's way, a kind of coverage is a marked word.
"""

from __future__ import annotations

from warrantor.errors import N_

# --- summaries: no --------------------------------------------------------------------------
NOT_A_MODEL = N_("Not covered: %(model)s is not a %(brand)s model this policy covers.")
VOID = N_("Not covered: the warranty of this unit is void (%(findings)s).")
STARTS = N_("Not covered: the warranty starts on %(day)s.")
ENDED = N_("Not covered: the warranty ended on %(day)s.")
USED_UP = N_(
    "Not covered: %(used)s written reaches the limit of %(limit)s written, which ends the "
    "warranty before its term does."
)
EXCLUDED = N_("Not covered: %(findings)s, which the warranty excludes.")
OUTSIDE_SCOPE = N_(
    "Not covered: %(findings)s; the warranty covers %(covers)s under %(conditions)s only."
)
ITS_CONDITIONS = N_("its conditions")
PART_EXCLUDED = N_("Not covered: %(part)s is not covered by %(kind)s.")
CERTIFICATE_INVALID = N_("Not covered: the extended warranty certificate is not valid.")
HERE = N_("Not covered here: %(why)s.")
REGION_ONLY = N_("service is given only in the region of purchase (%(bought)s), not in %(place)s")
VALID_ONLY = N_("%(kind)s is valid only for service in %(where)s")
"""Why a unit is not served where it is (``HERE``'s ``why``)."""

# --- summaries: not yet, and yes ------------------------------------------------------------
CANNOT_DECIDE = N_("We cannot decide on these facts: %(wrong)s.")
NEED_MORE = N_("We need more information before we can decide: %(asked)s.")
CLAIM_COVERED = N_("This claim is covered by %(kind)s until %(day)s.")
COVERED = N_("Covered by %(kind)s until %(day)s.")
USAGE = N_("%(covered)s %(used)s of %(limit)s written (whichever comes first).")
USAGE_NOT_VERIFIED = N_(
    "%(covered)s The limit of %(limit)s written is not verified: there is no reading yet."
)

KINDS = (
    N_("the standard warranty"),
    N_("the extended warranty"),
    N_("global service"),
    N_("the cover of a repaired or replaced part"),
)
"""What each kind of coverage is called in a summary (``decision_wording.LABELS``)."""

# --- facts it can't judge by (``fact_errors``) ----------------------------------------------
IS_COMPONENT = N_("%(finding)s is a component, not an inspection finding")
UNKNOWN_FINDING = N_("unknown inspection finding %(finding)s for %(brand)s (known: %(known)s)")
IS_FINDING = N_("%(part)s is an inspection finding, not a component")
UNKNOWN_COMPONENT = N_("unknown component %(part)s for %(brand)s (known: %(known)s)")
NONE_KNOWN = N_("none")
FACT_ERRORS = (IS_COMPONENT, UNKNOWN_FINDING, IS_FINDING, UNKNOWN_COMPONENT)

# --- notes ----------------------------------------------------------------------------------
THIRD_PARTY = N_("%(model)s: third-party figures (from %(source)s), not published by %(brand)s.")
NOT_OFFERED = N_("an extension of %(years)s years is not offered for %(line)s")
ADDS_NOTHING = N_("an extension of %(years)s years adds nothing: maximum reached")
NOTES = (THIRD_PARTY, NOT_OFFERED, ADDS_NOTHING)

SUMMARIES = (
    NOT_A_MODEL,
    VOID,
    STARTS,
    ENDED,
    USED_UP,
    EXCLUDED,
    OUTSIDE_SCOPE,
    PART_EXCLUDED,
    CERTIFICATE_INVALID,
    HERE,
    CANNOT_DECIDE,
    NEED_MORE,
    USAGE,
    USAGE_NOT_VERIFIED,
    CLAIM_COVERED,
    COVERED,
)
"""Every summary, the longer before what it may start with (a covered one before its usage)."""

"""What happens next with an RMA, told to its customer in a sentence or two.

The customer's RMA page shows it under the summary, beside the due dates the
policy promises (the RMA number within N business days of validated documents,
the repair within N working days of receipt), so nobody has to guess whose move
it is. Built from the RMA's answer shape only: nothing here decides anything.
"""

from __future__ import annotations

from functools import partial

from warrantor.i18n import formats
from warrantor.i18n.locales import ENGLISH, gettext
from warrantor.views.rmas import DueOut, RmaOut


def _by(due: DueOut | None, what: str, locale: str) -> str:
    if due is None:
        return ""
    on = formats.day(due.due_on, locale)
    if what == "number":
        text = gettext("It is due by {day}.", locale)
        if due.provisional:
            text = gettext(
                "It is due by {day} (provisional: the holiday calendar is not settled yet).",
                locale,
            )
    else:
        text = gettext("The repair is due by {day}.", locale)
        if due.provisional:
            text = gettext(
                "The repair is due by {day} (provisional: the holiday calendar is not settled "
                "yet).",
                locale,
            )
    return " " + text.format(day=on)


def what_happens_next(rma: RmaOut, locale: str = ENGLISH) -> str:
    """The next step of ``rma`` and who takes it, with its due day when there is one, in the
    words of ``locale``."""
    return _next(rma, locale)


def _next(rma: RmaOut, locale: str) -> str:
    _ = partial(gettext, locale=locale)
    state = rma.state
    if state == "requested":
        return _(
            "Our support team will contact you to try to solve the problem remotely and to "
            "check your proof of purchase."
        )
    if state == "troubleshooting":
        return _(
            "Support is working with you to solve the problem remotely. If that fails, they "
            "check your documents and issue an RMA number to send the unit in."
        )
    if state == "documents_validated":
        return _("Your documents are in order; we issue your RMA number next.") + _by(
            rma.number_due, "number", locale
        )
    if state == "awaiting_unit":
        return _(
            "Send the unit as described below, with the RMA number on the parcel. The repair "
            "clock starts the day it arrives."
        )
    if state in ("received", "inspecting"):
        return _("A technician inspects your unit and decides whether the claim is covered.") + _by(
            rma.repair_due, "repair", locale
        )
    if state == "repairing":
        return _("Your unit is being repaired; we ship it back when it is done.") + _by(
            rma.repair_due, "repair", locale
        )
    if state == "quote_pending":
        return _(
            "The fault is not covered. Accept the quote below for a paid repair, or decline "
            "it and we send the unit back."
        )
    if state == "ready_to_ship":
        return _("Your unit is ready and will be shipped back to you shortly.")
    if state == "shipped":
        return _("Your unit is on its way back to you; the carrier and tracking are below.")
    if state == "resolved_remotely":
        return _("The problem was solved without sending the unit in: nothing more to do.")
    if state == "rejected":
        return _("This request was refused; the timeline below says why.")
    if state == "cancelled":
        return _("This request was cancelled: nothing more to do.")
    return _("This RMA is closed: nothing more to do.")

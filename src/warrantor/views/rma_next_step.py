"""What happens next with an RMA, told to its customer in a sentence or two.

The customer's RMA page shows it under the summary, beside the due dates the
policy promises (the RMA number within N business days of validated documents,
the repair within N working days of receipt), so nobody has to guess whose move
it is. Built from the RMA's answer shape only: nothing here decides anything.
"""

from __future__ import annotations

from warrantor.views.names import day
from warrantor.views.rmas import DueOut, RmaOut


def _by(due: DueOut | None, what: str) -> str:
    if due is None:
        return ""
    provisional = (
        " (provisional: the holiday calendar is not settled yet)" if due.provisional else ""
    )
    return f" {what} is due by {day(due.due_on)}{provisional}."


def what_happens_next(rma: RmaOut) -> str:
    """The next step of ``rma`` and who takes it, with its due day when there is one."""
    state = rma.state
    if state == "requested":
        return (
            "Our support team will contact you to try to solve the problem remotely and to "
            "check your proof of purchase."
        )
    if state == "troubleshooting":
        return (
            "Support is working with you to solve the problem remotely. If that fails, they "
            "check your documents and issue an RMA number to send the unit in."
        )
    if state == "documents_validated":
        return "Your documents are in order; we issue your RMA number next." + _by(
            rma.number_due, "It"
        )
    if state == "awaiting_unit":
        return (
            "Send the unit as described below, with the RMA number on the parcel. The repair "
            "clock starts the day it arrives."
        )
    if state in ("received", "inspecting"):
        return "A technician inspects your unit and decides whether the claim is covered." + _by(
            rma.repair_due, "The repair"
        )
    if state == "repairing":
        return "Your unit is being repaired; we ship it back when it is done." + _by(
            rma.repair_due, "The repair"
        )
    if state == "quote_pending":
        return (
            "The fault is not covered. Accept the quote below for a paid repair, or decline "
            "it and we send the unit back."
        )
    if state == "ready_to_ship":
        return "Your unit is ready and will be shipped back to you shortly."
    if state == "shipped":
        return "Your unit is on its way back to you; the carrier and tracking are below."
    if state == "resolved_remotely":
        return "The problem was solved without sending the unit in: nothing more to do."
    if state == "rejected":
        return "This request was refused; the timeline below says why."
    if state == "cancelled":
        return "This request was cancelled: nothing more to do."
    return "This RMA is closed: nothing more to do."

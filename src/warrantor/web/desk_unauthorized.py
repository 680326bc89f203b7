"""Unauthorized returns on the desk (/desk/unauthorized/{parcel_id}): one route per action.

A unit that came without a valid RMA number is held. The desk records the
costs it causes (charged to its sender), returns it to the sender, or
disposes of it where the brand's policy reserves that right (the policy's
refusal is shown otherwise). Each action takes a form model of only its own
fields and is declared with ``parcel_action`` (``desk_actions.action_route``,
the route written once for every desk action); with htmx the panel
(``desk/_unauthorized.html``) is swapped in place, without JavaScript the
browser comes back to the parcel's page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.domain.rma_parcels import Parcel
from warrantor.errors import NotFound
from warrantor.http.deps import RuntimeDep
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import Citation
from warrantor.policy.rma_desk import policy_for
from warrantor.services.rma.holding import may_dispose_from
from warrantor.services.rma.unauthorized import (
    dispose,
    record_cost,
    return_to_sender,
    show_unauthorized,
)
from warrantor.views.amounts import minor_units
from warrantor.views.names import money
from warrantor.web.access import PageActorDep, require
from warrantor.web.desk_actions import Action, action_route
from warrantor.web.desk_panel import DESK, answer_action
from warrantor.web.form_models import FormModel
from warrantor.web.forms import Form
from warrantor.web.rendering import page_router, render

router = page_router()


def cited(book: PolicyBook, parcel: Parcel) -> list[Citation]:
    """The clauses a parcel's hold (or its end) rests on, with their published sentences
    (QNAP: "QNAP reserves the right to dispose said unit at will.")."""
    try:
        policy = policy_for(book, parcel.brand)
    except NotFound:
        return []
    found = []
    for clause_id in parcel.clause_ids:
        try:
            found.append(policy.citation(clause_id))
        except KeyError:  # a clause of an older version: its id is shown alone
            found.append(Citation(clause_id=clause_id, text="", inferred=None))
    return found


def _panel(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    parcel_id: int,
    form: Form | None = None,
    status_code: int = 200,
    notice: str = "",
) -> HTMLResponse:
    parcel = show_unauthorized(runtime.uow_factory, actor, parcel_id)
    context = {
        "parcel": parcel,
        "dispose_from": may_dispose_from(runtime.uow_factory, runtime.book, parcel),
        "clauses": cited(runtime.book, parcel),
        "form": form or Form(),
        "notice": notice,
    }
    return render(
        request,
        "desk/unauthorized.html",
        context,
        actor,
        partial="desk/_unauthorized.html",
        status_code=status_code,
    )


def _answer(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    parcel_id: int,
    form: Form,
    action: Callable[[], str],
) -> Response:
    """``desk_panel.answer_action`` for an action on the parcel, answered with its panel."""

    def panel(shown: Form | None, status_code: int, notice: str) -> HTMLResponse:
        return _panel(request, runtime, actor, parcel_id, shown, status_code, notice)

    page = f"/desk/unauthorized/{parcel_id}"
    return answer_action(request, actor, form, action, panel=panel, page=page)


F = TypeVar("F", bound=FormModel)


def parcel_action(
    path: str, form_model: type[F], *, aliases: Mapping[str, str] | None = None
) -> Callable[[Action[F]], Action[F]]:
    """``desk_actions.action_route`` for an action on parcel ``{parcel_id}``, answered with
    the parcel's panel."""
    return action_route(router, path, form_model, _answer, aliases=aliases)


@router.get("/desk/unauthorized/{parcel_id}", response_class=HTMLResponse)
def unauthorized_return(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, parcel_id: int
) -> HTMLResponse:
    """One unauthorized return: its costs, and returning or disposing of it."""
    require(actor, *DESK)
    return _panel(request, runtime, actor, parcel_id)


class CostForm(FormModel):
    what: str = Field("", title="What the cost is for")
    amount: str = Field("", title="Amount")
    """In major units with the currency's decimals ("15.00"); stored as minor units."""
    currency: str = Field("", title="Currency")


# The service names the amount "amount_minor"; its errors land next to "amount".
@parcel_action("/desk/unauthorized/{parcel_id}/cost", CostForm, aliases={"amount_minor": "amount"})
def cost(form: CostForm, runtime: Runtime, actor: Actor, parcel_id: int) -> str:
    """A cost the return caused (storage, handling, postage), charged to its sender."""
    amount = minor_units(form.amount, form.currency, "amount", "currency")
    parcel = record_cost(
        runtime.uow_factory,
        actor,
        parcel_id,
        form.what,
        amount,
        form.currency,
        runtime.clock.now(),
    )
    totals = ", ".join(money(m, c) for c, m in parcel.costs_by_currency().items())
    return f"Cost recorded; the sender owes {totals}."


class ReturnForm(FormModel):
    carrier: str = Field("", title="Carrier")
    tracking: str = Field("", title="Tracking number")
    return_note: str = Field("", title="Note on the return")


@parcel_action("/desk/unauthorized/{parcel_id}/return", ReturnForm)
def send_back(form: ReturnForm, runtime: Runtime, actor: Actor, parcel_id: int) -> str:
    """The held unit goes back to its sender, at the sender's cost."""
    parcel = return_to_sender(
        runtime.uow_factory,
        runtime.book,
        actor,
        parcel_id,
        form.carrier,
        form.tracking,
        runtime.clock.now(),
        note=form.return_note,
    )
    return f"Returned to {parcel.sender_name or 'the sender'} at the sender's cost."


class DisposeForm(FormModel):
    dispose_note: str = Field("", title="Note on the disposal")


@parcel_action("/desk/unauthorized/{parcel_id}/dispose", DisposeForm)
def dispose_of(form: DisposeForm, runtime: Runtime, actor: Actor, parcel_id: int) -> str:
    """The held unit is disposed of, where the brand's policy reserves that right."""
    now = runtime.clock.now()
    parcel = dispose(
        runtime.uow_factory, runtime.book, actor, parcel_id, now, note=form.dispose_note
    )
    quoted = "; ".join(
        f"“{c.text}” ({c.clause_id})" if c.text else f"({c.clause_id})"
        for c in cited(runtime.book, parcel)
    )
    return f"Disposed of, as the policy allows: {quoted}." if quoted else "Disposed of."

"""One RMA on the service desk (/desk/rmas/{ref}): its panel, and how a step on it is answered.

The panel (``desk/_rma.html``) shows the RMA, what the workshop recorded and
the forms of the steps its state allows. Each step posts to its own route
(``desk_steps``, ``workshop_steps``) with a form model of only its own
fields, and is answered the same way (``answer_step``): with htmx the panel
is swapped in place; without JavaScript the browser is sent back to the
RMA's page; a refusal is shown at the top of the panel, a wrong field next
to it, with the status code 422. The services check every role and state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Form as FormField
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import Rma, may_send, sources_of
from warrantor.errors import WarrantorError
from warrantor.http.deps import RuntimeDep
from warrantor.policy.desk_rules import first_contact
from warrantor.policy.rma_desk import policy_for
from warrantor.policy.workshop_policy import (
    claimable_parts,
    inspection_findings,
    permissible_findings,
)
from warrantor.services.accounts.names import account_names
from warrantor.services.outbox.failing import correct_rma_address
from warrantor.services.rma.claim_documents import claim_documents_status
from warrantor.services.rma.documents import ask_for_documents
from warrantor.services.rma.events import PLAIN_EVENTS, REASON_REQUIRED
from warrantor.services.rma.permissions import claim_permissions
from warrantor.services.rma.queues import show_rma
from warrantor.services.rma.service_history import service_history
from warrantor.services.rma.workshop_common import WORKSHOP_ROLES
from warrantor.web.access import PageActorDep, require
from warrantor.web.form_models import FormModel
from warrantor.web.forms import Form
from warrantor.web.rendering import is_htmx, page_router, render, see_other

router = page_router()

DESK = (Role.AGENT, Role.TECHNICIAN, Role.ADMIN)
"""Who works at the desk (the services narrow each step further)."""

STEP_LABELS = {
    "start_troubleshooting": "Start troubleshooting",
    "skip_troubleshooting": "Skip troubleshooting",
    "resolve_remotely": "Resolve remotely",
    "cancel": "Cancel the RMA",
    "reject": "Reject the RMA",
    "close": "Close the RMA",
}
"""The button of each plain event (``rma_events.PLAIN_EVENTS``) on the RMA panel."""


def allowed_steps(
    actor: Actor, rma: Rma, troubleshooting_first: bool = False
) -> list[tuple[str, str, bool]]:
    """The plain events the RMA's state allows and the actor's role may send, as buttons.

    Each is ``(event, label, needs a reason)``; the machine and ``may_send``
    decide, so the panel never offers a step the service would refuse. Skipping
    troubleshooting is offered only where the policy puts it first.
    """
    return [
        (event, STEP_LABELS[event], event in REASON_REQUIRED)
        for event in PLAIN_EVENTS
        if rma.state in sources_of(event)
        and may_send(actor, rma, event)
        and (troubleshooting_first or event != "skip_troubleshooting")
    ]


def render_panel(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    ref: str,
    form: Form | None = None,
    status_code: int = 200,
    notice: str = "",
) -> HTMLResponse:
    """The RMA's page, or its panel alone for htmx."""
    details = show_rma(runtime.uow_factory, runtime.book, actor, ref, runtime.clock.now())
    rma = details.rma
    history = service_history(runtime.uow_factory, actor, rma.brand, rma.serial)
    record = next((h.record for h in history.rmas if h.rma.id == rma.id), None)
    policy = policy_for(runtime.book, rma.brand)
    first = first_contact(policy)
    context = {
        "details": details,
        "record": record,
        "findings": [(f.id, f.description) for f in inspection_findings(policy)],
        "components": claimable_parts(policy),
        "form": form or Form(),
        "notice": notice,
        "ref": ref,
        "steps": allowed_steps(actor, rma, first.troubleshooting_first),
        "first_contact": first,
        "troubleshooting_skipped": any(t.event == "skip_troubleshooting" for t in details.timeline),
        "may_note": actor.role in DESK and not rma.is_final,
        "may_record_parts": actor.role in WORKSHOP_ROLES,
        "permissible": [
            (f.id, f.description)
            for f in inspection_findings(policy)
            if f.id in permissible_findings(policy)
        ],
        "permissions": claim_permissions(runtime.uow_factory, actor, ref),
        "documents": claim_documents_status(policy, rma),
        "account_names": account_names(runtime.uow_factory, actor, [rma.customer]),
    }
    return render(
        request, "desk/rma.html", context, actor, partial="desk/_rma.html", status_code=status_code
    )


def answer_action(
    request: Request,
    actor: Actor,
    form: Form,
    action: Callable[[], str],
    *,
    panel: Callable[[Form | None, int, str], HTMLResponse],
    page: str,
) -> Response:
    """Run ``action`` (a service call returning what to tell the person) and answer it.

    A desk role is required before anything runs. A service's refusal comes
    back on the ``panel`` (422) with the submitted values and each error by its
    field, and nothing was written; success swaps the panel in for htmx, or
    sends the browser back to ``page``.
    """
    require(actor, *DESK)
    try:
        notice = action()
    except WarrantorError as error:
        form.fail(error)
        return panel(form, 422, "")
    if not is_htmx(request):
        return see_other(page)
    return panel(None, 200, notice)


def answer_step(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    ref: str,
    form: Form,
    step: Callable[[], str],
) -> Response:
    """``answer_action`` for a step on RMA ``ref``, answered with its panel."""

    def panel(shown: Form | None, status_code: int, notice: str) -> HTMLResponse:
        return render_panel(request, runtime, actor, ref, shown, status_code, notice)

    return answer_action(request, actor, form, step, panel=panel, page=f"/desk/rmas/{ref}")


@router.get("/desk/rmas/{ref}", response_class=HTMLResponse)
def desk_rma(request: Request, runtime: RuntimeDep, actor: PageActorDep, ref: str) -> HTMLResponse:
    require(actor, *DESK)
    return render_panel(request, runtime, actor, ref)


class MailCorrectedForm(FormModel):
    address: str = Field("", title="The address shown as failing")


@router.post("/desk/rmas/{ref}/mail-corrected", response_class=HTMLResponse)
def desk_mail_corrected(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[MailCorrectedForm, FormField()],
) -> Response:
    """The agent checked the customer's address with them: mail goes to it again (issue #24)."""

    def step() -> str:
        refusal = correct_rma_address(runtime.uow_factory, actor, ref, form.address)
        return f"Mail goes to {refusal.address} again."

    return answer_step(request, runtime, actor, ref, form.page_form(), step)


class AskDocumentsForm(FormModel):
    documents: str = Field("", title="Documents to ask for")


@router.post("/desk/rmas/{ref}/ask-documents", response_class=HTMLResponse)
def desk_ask_documents(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[AskDocumentsForm, FormField()],
) -> Response:
    """The agent asks the customer for documents; the customer is mailed where to send them
    (issue #24)."""
    base = runtime.settings.effective_base_url

    def step() -> str:
        ask_for_documents(
            runtime.uow_factory,
            actor,
            ref,
            form.documents,
            runtime.clock.now(),
            page_for=lambda rma_id: f"{base}/my/rmas/{rma_id}",
        )
        return "The customer has been asked for the documents by mail."

    return answer_step(request, runtime, actor, ref, form.page_form(), step)

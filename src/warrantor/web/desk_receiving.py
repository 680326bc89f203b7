"""Receiving a parcel at the service centre (/desk/receive).

A parcel is matched to its RMA by the number written on it (the RMA moves
to ``received`` and the browser goes to its page), or held as an
unauthorized return (shown here, with the clause that says what may be done
with it). The form takes only what is read off the parcel.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form as FormField
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.errors import WarrantorError
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.policy.rma_desk import centres, policy_for
from warrantor.services.rma.receiving import ParcelArrival, Received, receive_parcel
from warrantor.services.rma.unauthorized import page_unauthorized
from warrantor.web.access import PageActorDep, require
from warrantor.web.desk_panel import DESK
from warrantor.web.form_models import FormModel
from warrantor.web.forms import Form
from warrantor.web.paging import pager
from warrantor.web.rendering import is_htmx, page_router, render, see_other

router = page_router()


class ReceiveForm(FormModel):
    rma_number: str = Field("", title="RMA number on the parcel")
    """Empty when the parcel shows none: it is held as an unauthorized return."""
    brand: str = Field("", title="Brand")
    """Needed when the parcel names no RMA the desk knows."""
    serial: str = Field("", title="Serial number")
    sender_name: str = Field("", title="Sender")
    sender_contact: str = Field("", title="Sender's contact")
    carrier: str = Field("", title="Carrier")
    tracking: str = Field("", title="Tracking number")
    note: str = Field("", title="Note")
    service_centre: str = Field("", title="Received at")
    """The receiving centre's id; empty: the RMA's centre, or the brand's first."""

    def arrival(self) -> ParcelArrival:
        return ParcelArrival(
            rma_number=self.rma_number or None,
            brand=self.brand or None,
            serial=self.serial or None,
            sender_name=self.sender_name,
            sender_contact=self.sender_contact,
            carrier=self.carrier,
            tracking=self.tracking,
            note=self.note,
            service_centre=self.service_centre or None,
        )


HELD_PAGE = 50
"""Held parcels a page of the receiving page lists; the pager leads on."""


def _page(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    form: Form,
    received: Received | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    cursor = request.query_params.get("cursor") or None
    held = page_unauthorized(reads_for(request, runtime), actor, cursor=cursor, limit=HELD_PAGE)
    context = {
        "form": form,
        "brands": [(b, b) for b in runtime.book.brands()],
        "centres": [
            (c.id, f"{c.name} ({brand})")
            for brand in runtime.book.brands()
            for c in centres(policy_for(runtime.book, brand))
        ],
        "received": received,
        "held": held,
        "pager": pager(request, held),
    }
    return render(request, "desk/receive.html", context, actor, status_code=status_code)


@router.get("/desk/receive", response_class=HTMLResponse)
def receive_form(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    require(actor, *DESK)
    form = ReceiveForm(rma_number=request.query_params.get("rma", ""))
    return _page(request, runtime, actor, form.page_form())


@router.post("/desk/receive", response_class=HTMLResponse)
def receive(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    form: Annotated[ReceiveForm, FormField()],
) -> Response:
    """A parcel arrives: matched to its RMA by number, or held as an unauthorized return."""
    require(actor, *DESK)
    page = form.page_form()
    received = None
    try:
        received = receive_parcel(
            runtime.uow_factory, runtime.book, actor, form.arrival(), runtime.clock.now()
        )
    except WarrantorError as error:
        page.fail(error)
    if received is not None and received.rma is not None and not is_htmx(request):
        return see_other(f"/desk/rmas/{received.rma.number or received.rma.id}")
    return _page(request, runtime, actor, page, received, status_code=200 if page.ok else 422)

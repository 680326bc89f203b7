"""The admin's service-centre pages (/admin/service-centres, issue #23 item 5 and issue #25
item 4): each centre of the policies in force with its own settings, and a page per
centre to change them:

- the days it holds a unit that arrived without an RMA number (``services.rma.holding``;
  also ``PUT /api/v1/service-centres/{brand}/{centre}/holding-period``, ``warrantor rma
  holding``);
- which waits on the customer (a quote's answer, documents, a certificate) pause which
  clock (the RMA number's, the repair's) (``services.rma.clock_pauses``; also ``PUT
  /api/v1/service-centres/{brand}/{centre}/clock-pauses``, ``warrantor rma clock-pauses``).

Each form calls the service the API and the CLI call, which checks the role again, names
a bad value's field and records each change on the audit trail (the centre's subject,
``BRAND/CENTRE``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form as FormField
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma_pauses import CLOCK_WORDING, CLOCKS, WAIT_WORDING, WAITS
from warrantor.errors import InvalidInput, NotFound, Problem, WarrantorError
from warrantor.http.deps import RuntimeDep
from warrantor.services.rma.clock_pauses import pause_settings, set_pause_settings
from warrantor.services.rma.holding import MAX_HOLDING_DAYS, holding_periods, set_holding_period
from warrantor.web.access import PageActorDep, require
from warrantor.web.form_models import FormModel, whole_number
from warrantor.web.forms import Form
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

CENTRES = "/admin/service-centres"


class HoldingForm(FormModel):
    """The days the centre holds an unauthorized return."""

    days: str = Field("", title="Days held", max_length=10)


class ClockPausesForm(FormModel):
    """The boxes ticked: each ``WAIT:CLOCK`` that wait pauses (a box left clear: it
    doesn't; none ticked for a wait: it pauses nothing)."""

    pauses: list[str] = Field([], title="Paused clocks", max_length=len(WAITS) * len(CLOCKS))


DAYS_WANTED = f"a whole number of days from 0 to {MAX_HOLDING_DAYS}"


def _centre_url(brand: str, centre: str) -> str:
    return f"{CENTRES}/{brand}/{centre}"


@router.get(CENTRES, response_class=HTMLResponse)
def centres_page(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """Every service centre of the policies in force, with its settings."""
    require(actor, Role.ADMIN)
    periods = holding_periods(runtime.uow_factory, runtime.book, actor)
    rows = [
        (p, pause_settings(runtime.uow_factory, runtime.book, actor, p.brand, p.centre).clocks)
        for p in periods
    ]
    context = {"rows": rows, "waits": WAITS, "wording": WAIT_WORDING, "clocks": CLOCK_WORDING}
    return render(request, "admin/centres.html", context, actor)


def _page(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    brand: str,
    centre: str,
    *,
    holding: Form | None = None,
    pausing: Form | None = None,
    ticked: set[str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    setting = pause_settings(runtime.uow_factory, runtime.book, actor, brand, centre)
    period = next(
        p
        for p in holding_periods(runtime.uow_factory, runtime.book, actor)
        if (p.brand, p.centre) == (setting.brand, setting.centre)
    )
    if ticked is None:
        ticked = {f"{wait}:{clock}" for wait, clocks in setting.clocks.items() for clock in clocks}
    context = {
        "period": period,
        "setting": setting,
        "holding": holding or Form.of({"days": period.days}, HoldingForm.labels()),
        "pausing": pausing or Form.of({}, ClockPausesForm.labels()),
        "ticked": ticked,
        "waits": WAITS,
        "clocks": CLOCKS,
        "wait_wording": WAIT_WORDING,
        "clock_wording": CLOCK_WORDING,
        "max_days": MAX_HOLDING_DAYS,
    }
    return render(request, "admin/centre.html", context, actor, status_code=status_code)


@router.get(CENTRES + "/{brand}/{centre}", response_class=HTMLResponse)
def centre_page(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, brand: str, centre: str
) -> HTMLResponse:
    """One centre's settings, each with its form; a centre the brand's policy does not name
    is a 404 naming its centres."""
    require(actor, Role.ADMIN)
    return _page(request, runtime, actor, brand, centre)


@router.post(CENTRES + "/{brand}/{centre}/holding-period", response_class=HTMLResponse)
def set_holding_page(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    brand: str,
    centre: str,
    form: Annotated[HoldingForm, FormField()],
) -> Response:
    require(actor, Role.ADMIN)
    shown = form.page_form()
    try:
        days = whole_number(
            form.days, "days", f"a whole number of days from 0 to {MAX_HOLDING_DAYS}"
        )
        period = set_holding_period(
            runtime.uow_factory, runtime.book, actor, brand, centre, days, runtime.clock.now()
        )
        return see_other(_centre_url(period.brand, period.centre))
    except NotFound:
        raise
    except WarrantorError as error:
        shown.fail(error)
    return _page(request, runtime, actor, brand, centre, holding=shown, status_code=422)


def _clocks(ticked: list[str]) -> dict[str, list[str]]:
    """Each wait's ticked clocks (every wait named: one with none ticked pauses nothing);
    ``InvalidInput`` naming ``pauses`` for a value that is not ``WAIT:CLOCK``."""
    clocks: dict[str, list[str]] = {wait: [] for wait in WAITS}
    for value in ticked:
        wait, sep, clock = value.partition(":")
        if not sep:
            message = f"{value!r} is not WAIT:CLOCK (e.g. documents:repair)"
            raise InvalidInput(message, [Problem(message, "pauses")])
        clocks.setdefault(wait, []).append(clock)
    return clocks


@router.post(CENTRES + "/{brand}/{centre}/clock-pauses", response_class=HTMLResponse)
def set_clock_pauses_page(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    brand: str,
    centre: str,
    form: Annotated[ClockPausesForm, FormField()],
) -> Response:
    require(actor, Role.ADMIN)
    shown = form.page_form(aliases={"wait": "pauses", "clocks": "pauses"})
    try:
        found = set_pause_settings(
            runtime.uow_factory,
            runtime.book,
            actor,
            brand,
            centre,
            _clocks(form.pauses),
            runtime.clock.now(),
        )
        return see_other(_centre_url(found.brand, found.centre))
    except NotFound:
        raise
    except WarrantorError as error:
        shown.fail(error)
    return _page(
        request, runtime, actor, brand, centre, pausing=shown, ticked=set(form.pauses),
        status_code=422,
    )  # fmt: skip

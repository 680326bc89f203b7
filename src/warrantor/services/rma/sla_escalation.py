"""Use case: tell the service centre's lead, once, that an RMA became late (issue #20).

A periodic duty (``jobs.duties``) calls ``escalate_late_rmas``: every RMA
whose current step (the RMA number, or the repair) is past its due date gets
one mail to the lead of its service centre (``WARRANTOR_SERVICE_CENTRE_LEADS``,
by centre id, ``"*"`` for the rest). "Once" is an idempotency key per RMA and
step (``sla-late:<id>:<step>``) written in the same transaction as the mail
queued to the outbox: a run retried after a crash, or two runs at once, queue
it once. An RMA late at the number and later at the repair is told of twice,
once per step. Without a lead for its centre nothing is recorded, so it is told
once a lead is set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from warrantor.domain.rma import Rma
from warrantor.mail.render import render
from warrantor.services.outbox.mail import queue_mail
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.duty_runs import DutyRunRepository
from warrantor.store.rmas import RmaFilter

ANY_CENTRE = "*"


@dataclass(frozen=True, slots=True)
class Escalations:
    """What one run did: the RMAs told of (reference, step, to) and those with no lead."""

    told: list[tuple[str, str, str]] = field(default_factory=list)
    without_lead: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.told)} late RMA step(s) escalated"
        if self.without_lead:
            text += f"; no lead set for {', '.join(sorted(set(self.without_lead)))}"
        return text


def escalation_key(rma: Rma) -> str:
    """The idempotency key of telling about ``rma``'s current late step."""
    return f"sla-late:{rma.id}:{_step(rma)}"


def _step(rma: Rma) -> str:
    return "number" if rma.state == "documents_validated" else "repair"


def escalate_late_rmas(
    uow_factory: UnitOfWorkFactory,
    *,
    leads: Mapping[str, str],
    desk_url: str,
    now: datetime,
    limit: int = 1000,
) -> Escalations:
    """Queue one mail per late RMA step not told of yet; ``desk_url`` is the desk's base
    address (``.../desk/rmas/<id>`` is linked)."""
    with uow_factory(read_only=True) as uow:
        late = uow.rmas.list(RmaFilter(late_at=now, limit=limit))
    done = Escalations()
    for rma in late:
        reference = rma.number or f"#{rma.id}"
        lead = leads.get(rma.service_point) or leads.get(ANY_CENTRE)
        if not lead:
            done.without_lead.append(rma.service_point)
            continue
        with uow_factory() as uow:
            if not DutyRunRepository(uow.connection).first_time(escalation_key(rma), now=now):
                continue
            _queue(uow, rma, reference, lead, f"{desk_url.rstrip('/')}/desk/rmas/{rma.id}", now)
        done.told.append((reference, _step(rma), lead))
    return done


def _queue(uow: UnitOfWork, rma: Rma, reference: str, lead: str, link: str, now: datetime) -> None:
    due = rma.current_due()
    assert due is not None  # listed as late, so its current step has a due date
    rendered = render(
        "rma_sla_late",
        {
            "brand": rma.brand,
            "reference": reference,
            "step": "RMA number" if _step(rma) == "number" else "repair",
            "due_on": due.due_on.isoformat(),
            "provisional": due.provisional,
            "model": rma.model,
            "serial": rma.serial,
            "service_point": rma.service_point,
            "state": rma.state.replace("_", " "),
            "clauses": ", ".join(due.clause_ids),
            "desk_url": link,
        },
    )
    queue_mail(
        uow,
        to=lead,
        subject=rendered.subject,
        body=rendered.body,
        now=now,
        topic="rma.sla_late",
        reference=reference,
    )

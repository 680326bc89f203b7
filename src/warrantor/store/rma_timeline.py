"""An RMA's timeline and notes: every transition it took, and what people wrote on it.

A transition is written beside each step of the RMA's machine (who, when,
from which state to which, why); notes are free text by the desk or the
workshop. Both are only ever appended. Maps ``rma_transitions`` rows to
``domain.rma.RmaTransition``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from warrantor.domain.rma import RmaTransition
from warrantor.store.repository import Repository
from warrantor.store.tables_rma import rma_notes, rma_transitions


class RmaTimeline(Repository):
    """Transitions and notes of an RMA, oldest first."""

    def add_transition(self, transition: RmaTransition) -> None:
        self._connection.execute(
            rma_transitions.insert().values(
                rma_id=transition.rma_id,
                event=transition.event,
                from_state=transition.from_state,
                to_state=transition.to_state,
                actor=transition.actor,
                actor_user_id=transition.actor_user_id,
                reason=transition.reason,
                at=transition.at,
            )
        )

    def timeline(self, rma_id: int) -> list[RmaTransition]:
        """Every transition of the RMA, in the order they happened."""
        rows = self._connection.execute(
            select(rma_transitions)
            .where(rma_transitions.c.rma_id == rma_id)
            .order_by(rma_transitions.c.id)
        )
        return [
            RmaTransition(
                rma_id=row.rma_id,
                event=row.event,
                from_state=row.from_state,
                to_state=row.to_state,
                actor=row.actor,
                actor_user_id=row.actor_user_id,
                reason=row.reason,
                at=row.at,
            )
            for row in rows
        ]

    def add_note(self, rma_id: int, text: str, author: str, at: datetime) -> None:
        self._connection.execute(
            rma_notes.insert().values(rma_id=rma_id, text=text, author=author, at=at)
        )

    def notes(self, rma_id: int) -> list[tuple[datetime, str, str]]:
        """``(at, author, text)`` of each note, oldest first."""
        rows = self._connection.execute(
            select(rma_notes).where(rma_notes.c.rma_id == rma_id).order_by(rma_notes.c.id)
        )
        return [(row.at, row.author, row.text) for row in rows]

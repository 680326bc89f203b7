"""The read side: units of work on a replica while it is up and close enough, else the primary.

When and why: the public check, the batch check, reports, lists and
certificate verification tolerate a little lag, and there are many more of
them than of writes; an operator adds a PostgreSQL streaming replica
(``WARRANTOR_REPLICA_URL``) and those reads go there. Writes never do: the
runtime's ``uow_factory`` is always the primary.

``ReplicaReads`` is a ``UnitOfWorkFactory``. Each unit of work it opens goes
to the replica unless the replica was last seen down or more than
``max_lag_s`` behind; then it goes to the primary, and the switch is logged
(``warrantor.reads``, once per change) and counted (the Prometheus counter
``warrantor_replica_fallback_reads_total``, by reason). The replica's state
is asked at most once per ``recheck_s`` per process (``store.replica_lag``);
a replica that refuses a connection in between is marked down at once and
that unit of work opens on the primary.

A signed-in user who just wrote reads from the primary for a while
(``primary_for_a_while``; the web layer decides who), so no page they see is
older than their own action.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from prometheus_client import Counter
from sqlalchemy.exc import InterfaceError, OperationalError

from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger("warrantor.reads")

FALLBACK_READS = Counter(
    "warrantor_replica_fallback_reads",
    "Reads meant for the replica that went to the primary, by reason (down, lagging)",
    ["reason"],
)
REPLICA_READS = Counter("warrantor_replica_reads", "Reads served by the replica")

LagProbe = Callable[[], float]
"""Seconds the replica is behind; raises when it can't be reached."""

UNREACHABLE = (OperationalError, InterfaceError)
"""What SQLAlchemy raises when a database refuses or drops the connection."""


@dataclass(frozen=True, slots=True)
class ReplicaState:
    """The replica as last seen: usable or not, its lag, and what is wrong with it."""

    usable: bool
    lag_s: float | None = None
    problem: str | None = None
    """``down: ...`` or ``lagging: ...``; None when usable."""

    @property
    def reason(self) -> str:
        """``down`` or ``lagging`` (the metric's label); ``ok`` when usable."""
        return (self.problem or "ok").split(":", 1)[0]


class ReplicaReads:
    """A ``UnitOfWorkFactory`` for reads: the replica while usable, the primary otherwise."""

    def __init__(
        self,
        primary: UnitOfWorkFactory,
        replica: UnitOfWorkFactory,
        probe: LagProbe,
        max_lag_s: float,
        *,
        recheck_s: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.primary = primary
        self.replica = replica
        self.max_lag_s = max_lag_s
        self._probe = probe
        self._recheck_s = recheck_s
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._state = ReplicaState(usable=True)
        self._checked_at: float | None = None

    def __call__(self, *, read_only: bool = False, single_statement: bool = False) -> UnitOfWork:
        if single_statement:
            # A single-statement unit of work writes (e.g. a count): the primary's business.
            return self.primary(single_statement=True)
        state = self.state()
        if not state.usable:
            FALLBACK_READS.labels(reason=state.reason).inc()
            return self.primary(read_only=read_only)
        return _ReplicaUnitOfWork(self, self.replica(read_only=read_only), read_only)

    def state(self, *, recheck: bool = False) -> ReplicaState:
        """The replica's state, asked again when ``recheck_s`` has passed (or ``recheck``)."""
        now = self._monotonic()
        due = self._checked_at is None or now - self._checked_at >= self._recheck_s
        if not (due or recheck):
            return self._state
        with self._lock:
            checked_at = self._checked_at
            fresh = checked_at is not None and self._monotonic() - checked_at < self._recheck_s
            if fresh and not recheck:
                return self._state  # another thread asked meanwhile
            try:
                lag = self._probe()
            except UNREACHABLE as error:
                self._record(ReplicaState(False, None, f"down: {_first_line(error)}"))
            else:
                if lag > self.max_lag_s:
                    problem = f"lagging: {lag:.1f} s behind (at most {self.max_lag_s:g} s)"
                    self._record(ReplicaState(False, lag, problem))
                else:
                    self._record(ReplicaState(True, lag))
            self._checked_at = self._monotonic()
            return self._state

    def primary_for_a_while(self) -> float:
        """Seconds a user's reads stay on the primary after their own write: by then the
        replica has it, or is more than ``max_lag_s`` behind and not read at all."""
        return self.max_lag_s + self._recheck_s

    def mark_down(self, error: BaseException) -> None:
        """The replica refused a connection: read from the primary until the next check."""
        with self._lock:
            self._record(ReplicaState(False, None, f"down: {_first_line(error)}"))
            self._checked_at = self._monotonic()

    def _record(self, state: ReplicaState) -> None:
        """Keep ``state``; log when usability changes (not on every check)."""
        before, self._state = self._state, state
        if before.usable and not state.usable:
            log.warning("replica not used, reading from the primary: %s", state.problem)
        elif not before.usable and state.usable:
            log.warning("replica usable again (%.1f s behind), reading from it", state.lag_s or 0)


class _ReplicaUnitOfWork(UnitOfWork):
    """A unit of work on the replica that opens on the primary instead if the replica
    refuses the connection (it went down since it was last asked)."""

    def __init__(self, reads: ReplicaReads, on_replica: UnitOfWork, read_only: bool) -> None:
        self._reads = reads
        self._chosen = on_replica
        self.read_only = read_only

    def __enter__(self) -> Self:
        try:
            self._chosen.__enter__()
            self._chosen.not_for_writing()  # the key ring must never write on a replica
            REPLICA_READS.inc()
        except UNREACHABLE as error:
            self._reads.mark_down(error)
            FALLBACK_READS.labels(reason="down").inc()
            self._chosen = self._reads.primary(read_only=self.read_only)
            self._chosen.__enter__()
        self.connection = self._chosen.connection
        return self

    @property
    def pooled(self) -> bool:
        return self._chosen.pooled

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._chosen.__exit__(exc_type, exc, traceback)


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__

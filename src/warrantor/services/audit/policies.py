"""The policies in force, in the trail: each file's version and hash, recorded as a process starts.

The entry points call ``record_policies_in_force`` once per process, when it
starts work on its database (``bootstrap.record_policies_in_force``: each CLI
command that uses the store, the web app when it builds its runtime). A row
is written only when something differs from what the trail last says:

- a policy version loaded for the first time, or whose file's SHA-256
  changed since the last row about it (``policy.loaded``, before and after);
- a version the trail says is in force that is no longer among the loaded
  files (``policy.withdrawn``).

So a thousand commands started with the same files write one row per policy
version, the first time. Checking costs one read; only a difference opens a
writing transaction, in which, on PostgreSQL, an advisory lock makes server
workers starting together write it once.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.domain.audit import Action, AuditValue, Subject, SubjectKind
from warrantor.policy.book import PolicyBook
from warrantor.policy.model import Policy
from warrantor.services.audit.record import record
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory

POLICY_LOCK = 0x5741_5255_4449_5401
"""The advisory lock key held while the policies in force are compared and recorded."""


def policy_facts(policy: Policy) -> dict[str, AuditValue]:
    """What the trail says about a loaded policy version: its file (by name) and hash."""
    return {
        "brand": policy.brand,
        "version": policy.version,
        "effective_from": policy.effective_from.isoformat(),
        "file": policy.path.name,
        "sha256": hashlib.sha256(policy.path.read_bytes()).hexdigest(),
    }


def record_policies_in_force(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, actor: Actor, now: datetime
) -> int:
    """Record what differs between the loaded policies and the trail; returns rows written."""
    loaded = {f"{p.id}@{p.version}": policy_facts(p) for p in book.policies()}
    with uow_factory(read_only=True) as uow:
        if not _changes(uow, loaded):
            return 0
    with uow_factory() as uow:
        uow.audit.hold(POLICY_LOCK)
        changes = _changes(uow, loaded)  # again: another process may have just written them
        for subject_id, action, before, after in changes:
            subject = Subject(SubjectKind.POLICY, subject_id)
            record(uow, actor, now, subject, action, before=before, after=after)
        return len(changes)


_Change = tuple[str, Action, AuditValue, AuditValue]


def _changes(uow: UnitOfWork, loaded: dict[str, dict[str, AuditValue]]) -> list[_Change]:
    last = uow.audit.latest_per_subject(SubjectKind.POLICY.value)
    changes: list[_Change] = []
    for subject_id, facts in sorted(loaded.items()):
        previous = last.get(subject_id)
        in_force = previous.after if previous and previous.action == Action.POLICY_LOADED else None
        if in_force != facts:
            changes.append((subject_id, Action.POLICY_LOADED, in_force, facts))
    for subject_id, previous in sorted(last.items()):
        if subject_id not in loaded and previous.action == Action.POLICY_LOADED:
            changes.append((subject_id, Action.POLICY_WITHDRAWN, previous.after, None))
    return changes

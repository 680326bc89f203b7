"""The process-wide bound on a batch check's extra reading connections.

When and why: a batch check reads up to ``batch_readers`` chunks at once on
PostgreSQL, each on a pooled connection of its own (``batch_check._by_chunks``).
Left unbounded, about 13 batch requests at once (x 4 readers) take every
connection of the 40 + 10 pool, and every other request (a single check, a
page) waits the pool's 30 s for one: an easy denial of service. So a process
keeps ``batch_reader_slots`` slots (the setting; by default half the pool). A
batch always reads on one connection, like any request; each reader beyond that
takes a slot, without waiting, for as long as the batch runs. A batch that finds
fewer slots free reads with fewer readers, down to one chunk at a time on its
one connection: slower, but never refused and never queued behind a slot. Batches
together hold at most the slots beyond one connection each, and the rest of the
pool stays for everything else.
"""

from __future__ import annotations

import threading


class ReaderSlots:
    """``slots`` extra reading connections, shared by every batch of a process (one per
    ``Runtime``); ``take`` never waits."""

    def __init__(self, slots: int) -> None:
        if slots < 0:
            raise ValueError(f"batch reader slots must be 0 or more, not {slots}")
        self.size = slots
        self._free = threading.BoundedSemaphore(slots)

    def take(self, wanted: int) -> int:
        """Up to ``wanted`` slots, as many as are free now (0 when none): give them back."""
        taken = 0
        while taken < wanted and self._free.acquire(blocking=False):
            taken += 1
        return taken

    def give_back(self, taken: int) -> None:
        """Return slots ``take`` gave (more than were taken is an error: ``ValueError``)."""
        for _ in range(taken):
            self._free.release()

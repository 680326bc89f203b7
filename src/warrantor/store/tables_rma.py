"""Tables.

RMAs, their stored transitions (timeline), RMA number sequences, parcels, inspections,
decisions, parts, replacements and shipments (issue #5).

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.
"""

from __future__ import annotations

from warrantor.store.tables import metadata  # noqa: F401  (tables are added here)

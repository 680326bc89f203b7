"""Tables.

Price lists, extension orders, payments, distributor quotes and serial assignments, and
the extensions granted to units (issue #4).

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.
"""

from __future__ import annotations

from warrantor.store.tables import metadata  # noqa: F401  (tables are added here)

"""Repository: removing rows kept only for a while (the clean-up duty, issue #20).

Each function deletes one kind of row older than a cutoff, in the caller's
transaction, and returns how many went. Audit rows are never among them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, or_

from warrantor.store.tables_auth import rate_limit_buckets, web_sessions


def delete_rate_limit_buckets_before(connection: Connection, cutoff: datetime) -> int:
    """Counting windows that started before ``cutoff`` (long over: nothing reads them)."""
    result = connection.execute(
        delete(rate_limit_buckets).where(rate_limit_buckets.c.window_start < cutoff)
    )
    return int(result.rowcount)


def delete_sessions_ended_before(connection: Connection, cutoff: datetime) -> int:
    """Web sessions that ended before ``cutoff``: expired then, or idle since then."""
    result = connection.execute(
        delete(web_sessions).where(
            or_(web_sessions.c.expires_at < cutoff, web_sessions.c.last_seen_at < cutoff)
        )
    )
    return int(result.rowcount)

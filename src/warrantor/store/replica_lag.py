"""How far a PostgreSQL streaming replica is behind its primary, asked of the replica.

When and why: reads that tolerate a little lag go to a replica
(``services.replica_reads``) only while it answers and is close enough; this
is the question it asks, at most once a second or so per process.

The lag is zero when the replica has replayed all the WAL it has received
(an idle primary sends nothing new, so the time since the last replayed
transaction says nothing then); otherwise it is the time since the last
transaction it replayed. A replica whose replay is paused while the primary
writes is therefore seen lagging as soon as the new WAL arrives.

One exception: when no WAL receiver runs (the primary is gone, as in a crash
before a failover) and less than one WAL page is left unreplayed, that rest is
the start of a record the primary never finished sending; it can never be
replayed, so the replica has replayed all it will ever get and its lag is zero.
Counting it (as this probe once did) sent reads to a dead primary for the
whole failover: the time since the last transaction only grows.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

_LAG = text(
    """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() IS NOT NULL
             AND pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()
             AND (EXISTS (SELECT 1 FROM pg_stat_wal_receiver)
                  OR pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())
                     >= current_setting('wal_block_size')::integer)
        THEN COALESCE(
            EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0)
        ELSE 0
    END AS lag_seconds
    """
)


def replica_lag_seconds(engine: Engine) -> float:
    """Seconds ``engine``'s replica is behind (0 when caught up, or not a replica at all).

    Raises SQLAlchemy's ``OperationalError`` when the replica can't be reached."""
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")  # no BEGIN / ROLLBACK
        lag = connection.execute(_LAG).scalar_one()
    return max(0.0, float(lag))

"""Each service centre's own settings (issue #25, item 4): the days an unauthorized return
is held before it may be disposed of. A centre without a row holds for 0 days."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update

from warrantor.store.tables_rma import service_centre_settings as settings


class CentreSettingRepository:
    """Reads and writes service centres' settings on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def holding_days(self) -> dict[tuple[str, str], int]:
        """Every centre's holding period that was set, by (brand, centre id)."""
        rows = self._connection.execute(
            select(settings.c.brand, settings.c.centre, settings.c.holding_days)
        )
        return {(row.brand, row.centre): row.holding_days for row in rows}

    def holding_days_of(self, brand: str, centre: str) -> int:
        """The days ``centre`` holds an unauthorized return (0 when never set)."""
        days = self._connection.execute(
            select(settings.c.holding_days).where(
                settings.c.brand == brand, settings.c.centre == centre
            )
        ).scalar_one_or_none()
        return int(days or 0)

    def set_holding_days(self, brand: str, centre: str, days: int, at: datetime, by: str) -> None:
        values = {"holding_days": days, "updated_at": at, "updated_by": by}
        changed = self._connection.execute(
            update(settings)
            .where(settings.c.brand == brand, settings.c.centre == centre)
            .values(**values)
        ).rowcount
        if not changed:
            self._connection.execute(settings.insert().values(brand=brand, centre=centre, **values))

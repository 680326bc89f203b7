"""The unit of work: one transaction around one use case.

A service receives a ``UnitOfWorkFactory`` and opens one per use case::

    with uow_factory() as uow:
        unit = uow.units.get("QNAP", "Q123")

Leaving the block commits; an exception rolls everything back, so nothing is
half-written. The entry point (CLI, API) builds the factory from an engine;
tests build it from a connection holding an outer transaction, and because
sessions join it with ``create_savepoint`` a service's commit only releases a
savepoint and the test's rollback undoes it all.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from warrantor.store.accounts import AccountRepository
from warrantor.store.catalogue import CatalogueRepository
from warrantor.store.certificates import CertificateRepository
from warrantor.store.extensions import ExtensionRepository
from warrantor.store.outbox import OutboxRepository
from warrantor.store.rmas import RmaRepository
from warrantor.store.units import UnitRepository
from warrantor.store.users import UserRepository
from warrantor.store.workshop import WorkshopRepository


class UnitOfWork:
    """An open transaction and the repositories that work inside it.

    ``connection`` is there for repositories other modules add and for bulk
    paths (the import's COPY) that need the driver connection.
    """

    session: Session
    connection: Connection
    units: UnitRepository
    catalogue: CatalogueRepository
    accounts: AccountRepository
    users: UserRepository
    extensions: ExtensionRepository
    certificates: CertificateRepository
    rmas: RmaRepository
    outbox: OutboxRepository
    workshop: WorkshopRepository

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def __enter__(self) -> Self:
        self.session = self._sessions()
        self.connection = self.session.connection()
        self.units = UnitRepository(self.connection)
        self.catalogue = CatalogueRepository(self.connection)
        self.accounts = AccountRepository(self.connection)
        self.users = UserRepository(self.connection)
        self.extensions = ExtensionRepository(self.connection)
        self.certificates = CertificateRepository(self.connection)
        self.rmas = RmaRepository(self.connection)
        self.outbox = OutboxRepository(self.connection)
        self.workshop = WorkshopRepository(self.connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``: for the few paths that differ (bulk loading)."""
        return self.connection.dialect.name


UnitOfWorkFactory = Callable[[], UnitOfWork]
"""What services take: call it to open a unit of work."""


def uow_factory_for(bind: Engine | Connection) -> UnitOfWorkFactory:
    """A factory of units of work on ``bind``.

    Bound to an engine, each unit of work is its own transaction. Bound to a
    connection already in a transaction (tests), each one is a savepoint
    inside it.
    """
    sessions = sessionmaker(
        bind=bind, join_transaction_mode="create_savepoint", expire_on_commit=False
    )

    def open_unit_of_work() -> UnitOfWork:
        return UnitOfWork(sessions)

    return open_unit_of_work

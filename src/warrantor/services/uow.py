"""The unit of work: one transaction around one use case.

A service receives a ``UnitOfWorkFactory`` and opens one per use case::

    with uow_factory() as uow:
        unit = uow.units.get("QNAP", "Q123")

Leaving the block commits; an exception rolls everything back, so nothing is
half-written. A use case that only reads opens ``uow_factory(read_only=True)``:
it never commits (its end is a rollback), and on a PostgreSQL engine it runs
in autocommit, so a read costs no BEGIN and no COMMIT round trip, only its
statements (the warranty check: one). The entry point (CLI, API) builds the factory from an engine;
tests build it from a connection holding an outer transaction, and because
sessions join it with ``create_savepoint`` a service's commit only releases a
savepoint and the test's rollback undoes it all.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

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

    def __init__(self, sessions: sessionmaker[Session], *, read_only: bool = False) -> None:
        self._sessions = sessions
        self.read_only = read_only
        """Never commits. The caller promises not to write: in autocommit (PostgreSQL
        engine) a write would not wait for the end of the block."""

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
            if exc_type is None and not self.read_only:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``: for the few paths that differ (bulk loading)."""
        return self.connection.dialect.name


class UnitOfWorkFactory(Protocol):
    """What services take: call it to open a unit of work (``read_only=True`` to only read)."""

    def __call__(self, *, read_only: bool = False, single_statement: bool = False) -> UnitOfWork:
        """``single_statement``: the use case is one atomic write (e.g. counting a request);
        on a PostgreSQL engine it runs in autocommit, so the statement commits as it ends
        and holds its row locks no longer than itself."""
        ...


def uow_factory_for(bind: Engine | Connection) -> UnitOfWorkFactory:
    """A factory of units of work on ``bind``.

    Bound to an engine, each unit of work is its own transaction; a read-only
    one on PostgreSQL runs in autocommit (each statement its own snapshot: a
    read that needs one snapshot across statements should not ask for
    ``read_only``). Bound to a connection already in a transaction (tests),
    each one is a savepoint inside it, and a read-only one rolls its savepoint
    back.
    """
    sessions = sessionmaker(
        bind=bind, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    read_sessions = sessions
    if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
        read_sessions = sessionmaker(
            bind=bind.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
        )

    def open_unit_of_work(*, read_only: bool = False, single_statement: bool = False) -> UnitOfWork:
        if read_only:
            return UnitOfWork(read_sessions, read_only=True)
        if single_statement:
            return UnitOfWork(read_sessions)  # autocommit on a PostgreSQL engine, else as usual
        return UnitOfWork(sessions)

    return open_unit_of_work

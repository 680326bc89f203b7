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

from contextvars import ContextVar, Token
from functools import cached_property
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy import Connection, Engine, RootTransaction
from sqlalchemy.engine import NestedTransaction

from warrantor.store.accounts import AccountRepository
from warrantor.store.attachments import AttachmentRepository
from warrantor.store.audit import AuditRepository
from warrantor.store.catalogue import CatalogueRepository
from warrantor.store.centre_settings import CentreSettingRepository
from warrantor.store.certificates import CertificateRepository
from warrantor.store.extensions import ExtensionRepository
from warrantor.store.failing_addresses import FailingAddressRepository
from warrantor.store.outbox import OutboxRepository
from warrantor.store.parcels import ParcelRepository
from warrantor.store.rmas import RmaRepository
from warrantor.store.units import UnitRepository
from warrantor.store.users import UserRepository
from warrantor.store.workshop import WorkshopRepository

_WRITING: ContextVar[Connection | None] = ContextVar("warrantor_writing_uow", default=None)


def writing_connection() -> Connection | None:
    """The connection of the unit of work this thread has open for writing, if any.

    For a helper that keeps its own rows beside a use case's (the signing key
    ring): it joins that transaction instead of opening a second connection,
    which on SQLite would wait forever for the first one's write lock.
    """
    return _WRITING.get()


class UnitOfWork:
    """An open transaction and the repositories that work inside it.

    ``connection`` is there for repositories other modules add and for bulk
    paths (the import's COPY) that need the driver connection. The
    repositories are made on first use: most use cases touch one or two, and
    the warranty check, the request answered most, touches none of them.

    It holds a SQLAlchemy ``Connection`` and its transaction, not an ORM
    ``Session``: nothing here maps objects, and opening and closing a session
    cost 0.22 ms of CPU against 0.09 ms now, an eighth of a warranty check's
    own work, for bookkeeping nothing used (docs/benchmarks.md).
    """

    connection: Connection

    def __init__(
        self, bind: Engine | Connection, *, read_only: bool = False, autocommit: bool = False
    ) -> None:
        self._bind = bind
        self.read_only = read_only
        """Never commits. The caller promises not to write: in autocommit (PostgreSQL
        engine) a write would not wait for the end of the block."""
        self._autocommit = autocommit
        self._transaction: RootTransaction | NestedTransaction | None = None
        self._writing: Token[Connection | None] | None = None

    def __enter__(self) -> Self:
        if isinstance(self._bind, Connection):
            # A connection already in a transaction (tests): this unit is a savepoint in it.
            self.connection = self._bind
            self._transaction = self._bind.begin_nested()
        else:
            self.connection = self._bind.connect()
            if not self._autocommit:
                self._transaction = self.connection.begin()
        if self._transaction is not None and not self.read_only:
            self._writing = _WRITING.set(self.connection)
        return self

    @property
    def pooled(self) -> bool:
        """Whether this unit of work has a connection of its own (from the engine's pool),
        so that others may run beside it on theirs; ``False`` for a savepoint on a
        connection shared with the caller (tests)."""
        return not isinstance(self._bind, Connection)

    def not_for_writing(self) -> None:
        """Stop being the unit of work helpers join to write in (``writing_connection``):
        for one open on a read-only replica."""
        if self._writing is not None:
            _WRITING.reset(self._writing)
            self._writing = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self._transaction is not None and self._transaction.is_active:
                if exc_type is None and not self.read_only:
                    self._transaction.commit()
                else:
                    self._transaction.rollback()
        finally:
            if self._writing is not None:
                _WRITING.reset(self._writing)
                self._writing = None
            if self.connection is not self._bind:
                self.connection.close()

    @cached_property
    def units(self) -> UnitRepository:
        return UnitRepository(self.connection)

    @cached_property
    def catalogue(self) -> CatalogueRepository:
        return CatalogueRepository(self.connection)

    @cached_property
    def accounts(self) -> AccountRepository:
        return AccountRepository(self.connection)

    @cached_property
    def users(self) -> UserRepository:
        return UserRepository(self.connection)

    @cached_property
    def extensions(self) -> ExtensionRepository:
        return ExtensionRepository(self.connection)

    @cached_property
    def certificates(self) -> CertificateRepository:
        return CertificateRepository(self.connection)

    @cached_property
    def rmas(self) -> RmaRepository:
        return RmaRepository(self.connection)

    @cached_property
    def parcels(self) -> ParcelRepository:
        return ParcelRepository(self.connection)

    @cached_property
    def centre_settings(self) -> CentreSettingRepository:
        """Service centres' own settings (the days an unauthorized return is held)."""
        return CentreSettingRepository(self.connection)

    @cached_property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self.connection)

    @cached_property
    def attachments(self) -> AttachmentRepository:
        """Attachments' rows; their bytes are behind the storage port."""
        return AttachmentRepository(self.connection)

    @cached_property
    def failing_addresses(self) -> FailingAddressRepository:
        """Addresses a mail server refused for good: no mail goes to them until corrected."""
        return FailingAddressRepository(self.connection)

    @cached_property
    def workshop(self) -> WorkshopRepository:
        return WorkshopRepository(self.connection)

    @cached_property
    def audit(self) -> AuditRepository:
        """The audit trail: rows written here commit or roll back with the change they record."""
        return AuditRepository(self.connection)

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
    autocommit_bind = bind
    if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
        autocommit_bind = bind.execution_options(isolation_level="AUTOCOMMIT")
    autocommit = autocommit_bind is not bind

    def open_unit_of_work(*, read_only: bool = False, single_statement: bool = False) -> UnitOfWork:
        if read_only:
            return UnitOfWork(autocommit_bind, read_only=True, autocommit=autocommit)
        if single_statement:  # autocommit on a PostgreSQL engine, else as usual
            return UnitOfWork(autocommit_bind, autocommit=autocommit)
        return UnitOfWork(bind)

    return open_unit_of_work

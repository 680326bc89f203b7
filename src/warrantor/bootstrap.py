"""What every entry point builds once: settings, database, policies, clock, key ring,
the read side (a replica, when configured) and the rate limiter.

The CLI builds a ``Runtime`` per command and the web app one per process (in
its factory, never at import time); tests build one around their own
connection and a fixed clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from warrantor.certificates.keys import KeyRing
from warrantor.domain.actors import Actor, Role
from warrantor.policy.book import PolicyBook
from warrantor.services.access.rate_limit import (
    DatabaseLimiter,
    MovingWindowLimiter,
    RateLimiter,
    memory_limiter,
)
from warrantor.services.attachments.storage import AttachmentStorage
from warrantor.services.audit import policies as policy_trail
from warrantor.services.certificates.key_ring import database_key_ring, master_secret
from warrantor.services.clock import Clock, SystemClock
from warrantor.services.installed_base.projected_answers import ProjectedAnswers
from warrantor.services.installed_base.reader_slots import ReaderSlots
from warrantor.services.replica_reads import ReplicaReads
from warrantor.services.uow import UnitOfWorkFactory, uow_factory_for
from warrantor.settings import Settings
from warrantor.store.engine import create_db_engine
from warrantor.store.file_storage import LocalFolderStorage
from warrantor.store.replica_lag import replica_lag_seconds
from warrantor.telemetry.tracing import configure_tracing, instrument_engine

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

REPLICA_CONNECT_TIMEOUT_S = 2
"""A replica that doesn't answer within this is down for this read (the primary serves it)."""


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    uow_factory: UnitOfWorkFactory
    book: PolicyBook
    clock: Clock = field(default_factory=SystemClock)
    keyring: KeyRing | None = None
    """The certificate signing keys (``build_runtime``: in the database, shared by every
    host); ``None`` means a folder, ``settings.effective_keys_dir``."""
    replica: ReplicaReads | None = None
    """The read side when a replica is configured; ``None``: every read on the primary."""
    limiter: RateLimiter | None = None
    """Where rate-limit counts live; ``None``: the database, through ``uow_factory``."""
    tracing: TracerProvider | None = None
    """Where spans go when tracing is on (``WARRANTOR_OTLP_ENDPOINT``); ``None``: off."""
    storage: AttachmentStorage | None = None
    """Where attachments' bytes go; ``None``: the local folder
    ``settings.effective_attachments_dir``."""
    batch_slots: ReaderSlots | None = None
    """The process's bound on batch checks' extra readers; ``None``: made from
    ``settings.batch_reader_slots`` (one per runtime, shared by its batches)."""
    projected_answers: ProjectedAnswers = field(default_factory=ProjectedAnswers)
    """The answers stored projections give, kept across the batch checks this runtime
    serves (bounded; never stale: an answer depends on its stored row alone)."""
    brand_names: dict[int, str] = field(default_factory=dict)
    """Brand names by id, kept by the batch checks this runtime serves as they meet brands
    (a brand is never renamed; one added since is read when first met)."""

    def __post_init__(self) -> None:
        if self.batch_slots is None:
            slots = ReaderSlots(self.settings.batch_reader_slots)
            object.__setattr__(self, "batch_slots", slots)

    @property
    def reader_slots(self) -> ReaderSlots:
        """The extra readers every batch check of this runtime shares."""
        assert self.batch_slots is not None  # set in __post_init__
        return self.batch_slots

    @property
    def reads(self) -> UnitOfWorkFactory:
        """Units of work for reads that tolerate a little lag (the replica, when usable).
        Writes always use ``uow_factory`` (the primary)."""
        return self.replica or self.uow_factory

    @property
    def rate_limiter(self) -> RateLimiter:
        """The limiter every limited route counts with."""
        return self.limiter or DatabaseLimiter(self.uow_factory)

    @property
    def attachments(self) -> AttachmentStorage:
        """The storage port attachments are kept through."""
        return self.storage or LocalFolderStorage(self.settings.effective_attachments_dir)

    @property
    def keys(self) -> KeyRing:
        """The key ring in use (nothing is read or created until it signs or verifies)."""
        return self.keyring or KeyRing(self.settings.effective_keys_dir)


def build_runtime(settings: Settings | None = None) -> Runtime:
    """Open the configured database and load the policies in force."""
    settings = settings or Settings()
    url = settings.effective_database_url
    if url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_db_engine(url, prepare_threshold=settings.prepare_threshold)
    tracing = configure_tracing(settings.otlp_endpoint, settings.service_name)
    if tracing is not None:
        instrument_engine(engine, tracing)
    uow_factory = uow_factory_for(engine)
    configured = settings.keys_master_secret
    secret = master_secret(
        configured.get_secret_value() if configured else None,
        on_sqlite=url.startswith("sqlite"),
        data_dir=settings.data_dir,
    )
    clock = SystemClock()
    return Runtime(
        settings=settings,
        uow_factory=uow_factory,
        book=PolicyBook.from_dir(settings.policies_dir),
        clock=clock,
        keyring=database_key_ring(uow_factory, secret, clock),
        replica=_replica_reads(settings, uow_factory, tracing),
        limiter=_limiter(settings, uow_factory),
        tracing=tracing,
    )


def _replica_reads(
    settings: Settings, primary: UnitOfWorkFactory, tracing: TracerProvider | None
) -> ReplicaReads | None:
    """The read side on ``settings.replica_url``; its connections are checked on checkout
    (``pool_pre_ping``) so a restarted replica's dead connections are replaced, not used."""
    if not settings.replica_url:
        return None
    engine = create_db_engine(
        settings.replica_url,
        prepare_threshold=settings.prepare_threshold,
        pool_pre_ping=True,
        connect_args={"connect_timeout": REPLICA_CONNECT_TIMEOUT_S},
    )
    if tracing is not None:
        instrument_engine(engine, tracing)
    return ReplicaReads(
        primary,
        uow_factory_for(engine),
        lambda: replica_lag_seconds(engine),
        settings.replica_max_lag_s,
    )


def _limiter(settings: Settings, primary: UnitOfWorkFactory) -> RateLimiter:
    store = settings.effective_rate_limit_store
    if store == "redis":
        return MovingWindowLimiter(settings.redis_url)
    if store == "memory":
        return memory_limiter(settings.uses_embedded_database)
    return DatabaseLimiter(primary)


SERVER = Actor(role=Role.ADMIN, account_code=None, name="server")
"""Who the web app's own start is recorded as (the CLI's is ``Actor.operator()``)."""


def record_policies_in_force(runtime: Runtime, started_by: Actor) -> int:
    """Call once a process starts work on its (migrated) database.

    The audit trail gets a row for each policy version whose file it has not
    seen with this hash, and for each it had in force that is no longer
    loaded; nothing when the files are the ones it last recorded, so it is
    written once, not on every command. Returns how many rows were written.
    """
    return policy_trail.record_policies_in_force(
        runtime.uow_factory, runtime.book, started_by, runtime.clock.now()
    )

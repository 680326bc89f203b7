"""What every entry point builds once: settings, database, policies, clock.

The CLI builds a ``Runtime`` per command and the web app one per process (in
its factory, never at import time); tests build one around their own
connection and a fixed clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from warrantor.certificates.keys import KeyRing
from warrantor.policy.book import PolicyBook
from warrantor.services.clock import Clock, SystemClock
from warrantor.services.uow import UnitOfWorkFactory, uow_factory_for
from warrantor.settings import Settings
from warrantor.store.engine import create_db_engine


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    uow_factory: UnitOfWorkFactory
    book: PolicyBook
    clock: Clock = field(default_factory=SystemClock)
    keyring: KeyRing | None = None
    """The certificate signing keys; ``None`` means ``settings.effective_keys_dir``."""

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
    engine = create_db_engine(url)
    return Runtime(
        settings=settings,
        uow_factory=uow_factory_for(engine),
        book=PolicyBook.from_dir(settings.policies_dir),
    )

"""Validated settings, read from the environment (prefix ``WARRANTOR_``).

Built once per entry point (CLI command, app factory) and passed down; nothing
reads the environment at import time.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from warrantor.i18n.times import known_zone

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The checkout this package runs from (``src/warrantor`` is two levels down)."""


MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    """Where the data lives and which policies are in force."""

    model_config = SettingsConfigDict(env_prefix="WARRANTOR_", extra="ignore")

    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str = ""
    policies_dir: Path = PROJECT_ROOT / "policies"
    host: str = "127.0.0.1"
    port: int = 8000
    attachments_dir: Path | None = None
    """Where customers' attachments are kept (the local-folder storage adapter); default
    ``data_dir/attachments``. Back it up with the database: rows point at these files."""
    attachment_max_bytes: int = Field(default=10_000_000, ge=1000)
    """The largest proof of purchase or photo accepted, in bytes (default 10 MB)."""
    keys_dir: Path | None = None
    """Where the certificate signing keys live (outside the database); default ``data_dir/keys``."""
    public_base_url: str = ""
    """The address people reach the product at, for links in certificates and mail;
    default ``http://{host}:{port}``."""
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_starttls: bool = False
    """Upgrade the SMTP connection with STARTTLS (certificate checked) before sending."""
    smtp_username: str = ""
    """Log in to the SMTP server as this user when set (with ``smtp_password``)."""
    smtp_password: str = ""
    smtp_timeout: float = 30.0
    """Seconds to wait for the SMTP server before a send counts as failed (and is retried)."""
    mail_from: str = "Warrantor <no-reply@warrantor.invalid>"
    replica_url: str = ""
    """A read-only PostgreSQL replica of ``database_url``: reads that tolerate a little lag
    (the public and batch checks, reports, lists, verification) go there; writes never do."""
    replica_max_lag_s: float = Field(default=10.0, ge=0)
    """Reads leave the replica for the primary while it is this many seconds behind (or down)."""
    batch_readers: int = Field(default=4, ge=1, le=16)
    """Chunks of one batch check read at once (PostgreSQL), each on a pooled connection of
    its own: the API's ``/coverage/batch`` and ``warrantor check --file``."""
    batch_reader_slots: int = Field(default=20, ge=0, le=1000)
    """Readers beyond each batch's first that all of a process's batches may use at once
    (default: half the 40-connection pool): a batch that finds them taken reads with fewer,
    down to one chunk at a time, so concurrent batches can't starve single checks and pages
    of connections. 0: every batch reads one chunk at a time."""
    redis_url: str = ""
    """Keep the rate limits in this Redis (``redis://host:6379/0``) instead of the database."""
    rate_limit_store: Literal["auto", "database", "redis", "memory"] = "auto"
    """Where rate-limit counts live: ``auto`` is Redis when ``redis_url`` is set, else the
    database; ``memory`` (one process only) is allowed on the embedded SQLite default only."""
    prepare_threshold: int | None = 5
    """psycopg's automatic server-side prepared statements: after this many runs of one
    query; ``off`` behind PgBouncer in transaction mode (1.18 can't keep them)."""
    worker_lease_s: float = Field(default=60.0, gt=0)
    """Seconds a worker holds a message or a job before another worker may take it over
    (a worker killed mid-send is taken over after this). Keep it above ``smtp_timeout``."""
    worker_listen: Literal["auto", "on", "off"] = "auto"
    """PostgreSQL workers: wait for new jobs with LISTEN (a direct connection only) or poll
    (``off``: behind PgBouncer in transaction mode); ``auto`` polls when
    ``prepare_threshold`` is off (the sign of a transaction pooler), else listens."""
    retention_days: int = Field(default=30, ge=1)
    """Rate-limit buckets, ended sessions, delivered mail and finished jobs older than this
    many days are removed by the clean-up duty (audit rows never are)."""
    service_centre_leads: dict[str, str] = Field(default_factory=dict)
    """Who hears of an RMA that became late, by service centre id (the RMA's service
    point); ``"*"`` for any other centre. JSON, e.g. ``{"qnap-us": "lead@example.com"}``."""
    centre_time_zone: str = "UTC"
    """The service centre's time zone (an IANA name, e.g. ``Asia/Shanghai``): pages show
    times in it to a visitor who is not signed in or whose browser has not told us theirs
    yet, and staff pages show due times in it (issue #26)."""
    rejected_units: dict[str, Literal["return", "retain"]] = Field(default_factory=dict)
    """What becomes of a unit in hand when its RMA is rejected (issue 19), by brand: sent back
    to its sender (``return``, the default for a brand not named) or kept (``retain``).
    JSON, e.g. ``{"Netac": "retain"}``."""
    trusted_proxies: str = ""
    """The reverse proxies whose ``X-Forwarded-For`` / ``X-Forwarded-Proto`` are believed:
    comma-separated addresses or networks (``127.0.0.1``, ``10.0.0.0/8``), or ``*`` for
    any peer (only when nothing but the proxy can reach the server). Default: none, so a
    client can't pick the address its rate limits are counted on."""
    metrics_allowed: str = ""
    """Who may read ``/metrics``: comma-separated addresses or networks (the client address
    after ``trusted_proxies``); default: anyone who reaches the server."""
    log_format: Literal["auto", "json", "console"] = "auto"
    """``json``: one JSON object a line; ``console``: for people; ``auto``: console on a
    terminal, JSON otherwise."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    otlp_endpoint: str = ""
    """Export OpenTelemetry traces over OTLP/HTTP to this collector (``http://host:4318``);
    empty: tracing off."""
    service_name: str = "warrantor"
    """How this process names itself in traces (``warrantor-worker`` for workers, say)."""
    keys_master_secret: SecretStr | None = None
    """Encrypts the certificate signing keys stored in the database (at least 32
    characters); required on PostgreSQL, generated into ``data_dir`` on SQLite."""

    @field_validator("database_url", "replica_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("the database URL must be a sqlite:// or postgresql:// URL")
        return value

    @field_validator("replica_url")
    @classmethod
    def _replica_is_postgresql(cls, value: str) -> str:
        if value and not value.startswith("postgresql"):
            raise ValueError(
                "WARRANTOR_REPLICA_URL must be a postgresql:// URL (a streaming replica)"
            )
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str) -> str:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("WARRANTOR_REDIS_URL must be a redis://, rediss:// or unix:// URL")
        return value

    @field_validator("trusted_proxies", "metrics_allowed")
    @classmethod
    def _proxy_addresses(cls, value: str, info: ValidationInfo) -> str:
        for item in (part.strip() for part in value.split(",")):
            if item in ("", "*"):
                continue
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    f"WARRANTOR_{str(info.field_name).upper()}: {item!r} is not an IP address "
                    "or network (e.g. 127.0.0.1, 10.0.0.0/8, ::1)"
                ) from None
        return value

    @field_validator("centre_time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not known_zone(value):
            raise ValueError(
                f"WARRANTOR_CENTRE_TIME_ZONE: {value!r} is not an IANA time zone "
                "(e.g. Asia/Shanghai, Europe/Berlin, UTC)"
            )
        return value

    @field_validator("otlp_endpoint")
    @classmethod
    def _otlp_scheme(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(
                "WARRANTOR_OTLP_ENDPOINT must be an http:// or https:// URL (OTLP over HTTP)"
            )
        return value

    @field_validator("prepare_threshold", mode="before")
    @classmethod
    def _off_means_none(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in ("", "off", "none", "no"):
            return None
        return value

    @field_validator("keys_master_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"WARRANTOR_KEYS_MASTER_SECRET must be at least {MIN_SECRET_LENGTH} characters "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        return value

    @model_validator(mode="after")
    def _limits_store_fits(self) -> Self:
        if self.rate_limit_store == "redis" and not self.redis_url:
            raise ValueError("WARRANTOR_RATE_LIMIT_STORE=redis needs WARRANTOR_REDIS_URL")
        if self.rate_limit_store == "memory" and not self.uses_embedded_database:
            raise ValueError(
                "WARRANTOR_RATE_LIMIT_STORE=memory counts in one process only: it is allowed on "
                "the embedded SQLite database only (use redis or database)"
            )
        return self

    @property
    def worker_listens(self) -> bool:
        """Whether a PostgreSQL worker LISTENs for new jobs (else it polls)."""
        if self.worker_listen == "auto":
            return self.prepare_threshold is not None
        return self.worker_listen == "on"

    @property
    def effective_rate_limit_store(self) -> str:
        """``database``, ``redis`` or ``memory``: what ``auto`` resolves to."""
        if self.rate_limit_store != "auto":
            return self.rate_limit_store
        return "redis" if self.redis_url else "database"

    @property
    def trusted_proxy_list(self) -> list[str]:
        """``trusted_proxies`` as a list (empty: no proxy is trusted)."""
        return [part.strip() for part in self.trusted_proxies.split(",") if part.strip()]

    @property
    def metrics_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None:
        """Who may read ``/metrics``; ``None``: anyone."""
        items = [part.strip() for part in self.metrics_allowed.split(",") if part.strip()]
        if not items or "*" in items:
            return None
        return [ipaddress.ip_network(item, strict=False) for item in items]

    @property
    def effective_keys_dir(self) -> Path:
        return self.keys_dir or self.data_dir / "keys"

    @property
    def effective_attachments_dir(self) -> Path:
        return self.attachments_dir or self.data_dir / "attachments"

    @property
    def effective_base_url(self) -> str:
        return (self.public_base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def uses_embedded_database(self) -> bool:
        """No database configured: the SQLite file under ``data_dir`` (``make run``)."""
        return not self.database_url

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or an embedded SQLite file under ``data_dir``."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            return url
        return f"sqlite:///{self.data_dir / 'warrantor.sqlite3'}"

"""Validated settings, read from the environment (prefix ``WARRANTOR_``).

Built once per entry point (CLI command, app factory) and passed down; nothing
reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The checkout this package runs from (``src/warrantor`` is two levels down)."""


class Settings(BaseSettings):
    """Where the data lives and which policies are in force."""

    model_config = SettingsConfigDict(env_prefix="WARRANTOR_", extra="ignore")

    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str = ""
    policies_dir: Path = PROJECT_ROOT / "policies"
    host: str = "127.0.0.1"
    port: int = 8000
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

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("WARRANTOR_DATABASE_URL must be a sqlite:// or postgresql:// URL")
        return value

    @property
    def effective_keys_dir(self) -> Path:
        return self.keys_dir or self.data_dir / "keys"

    @property
    def effective_base_url(self) -> str:
        return (self.public_base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or an embedded SQLite file under ``data_dir``."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            return url
        return f"sqlite:///{self.data_dir / 'warrantor.sqlite3'}"

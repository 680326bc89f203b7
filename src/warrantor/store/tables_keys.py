"""Tables.

The certificate signing key ring shared by every app host (``store.signing_keys``):
one row per key, the private key sealed with the master secret
(``certificates.sealing``), the public key in clear. The active key is the
one with the highest ``generation``; ``generation`` is unique, so two hosts
making the first key (or rotating) at the same moment can't both win.

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, LargeBinary, String, Table

from warrantor.store.tables import UtcDateTime, metadata

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("key_id", String(16), primary_key=True),
    Column("generation", Integer, nullable=False, unique=True),
    Column("public_key", LargeBinary, nullable=False),
    Column("sealed_private_key", LargeBinary, nullable=False),
    Column("secret_fingerprint", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

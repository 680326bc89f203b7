"""The verification link printed as a QR code on every certificate.

``{base_url}/certificates/{number}/verify?sig=<first 16 characters of the
signature, base64url>``: the page looks the number up in the registry, and
the signature prefix lets it tell a copy of the real certificate from a
paper one that merely carries a real number.
"""

from __future__ import annotations

import base64
from urllib.parse import quote, urlsplit

from warrantor.certificates.model import Certificate
from warrantor.errors import InvalidInput, Problem

SIGNATURE_PREFIX_LENGTH = 16
"""Characters of base64url signature in the link: 96 bits, short enough for a small QR code."""


def signature_prefix(certificate: Certificate) -> str:
    """The start of the signature in base64url (no padding), as put in the link."""
    encoded = base64.urlsafe_b64encode(certificate.signature).rstrip(b"=").decode("ascii")
    return encoded[:SIGNATURE_PREFIX_LENGTH]


def verification_url(certificate: Certificate, base_url: str) -> str:
    """The link to the public verification page for this certificate.

    ``base_url`` is where the product is served (``https://warranty.example.com``,
    with or without a path, no query); a trailing slash is dropped.
    """
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InvalidInput(
            f"base URL must be http(s)://host[/path] without query or fragment, not {base_url!r}",
            [Problem("must be an http(s) URL without query or fragment", field="base_url")],
        )
    number = quote(certificate.number, safe="")
    return (
        f"{base_url.rstrip('/')}/certificates/{number}/verify?sig={signature_prefix(certificate)}"
    )

"""The X.509 certificate of each signing key, for signing and checking certificate PDFs.

A PDF signature (PAdES) names its signer by an X.509 certificate, where the
signed JSON names it by a key id. Each key of the ring gets a self-signed
certificate *derived* from the key: same key, same certificate, byte for
byte (Ed25519 signatures are deterministic and every field below comes from
the key), so nothing more is stored, every host of a deployment makes the
same one, and a key ring moved into a database brings its certificates along.

The certificate is the deployment's own trust anchor, not a public CA's: a
verifier trusts the certificates published at
``GET /api/v1/certificates/keys.pem`` (and in the JWKs' ``x5c``), exactly as
it trusts the published JWKs. Its validity runs from 2000-01-01 to
9999-12-31 (RFC 5280's "no well-defined expiration date"): a key is retired
by rotation and revocation, not by a date on which every PDF it signed
would stop verifying. Making one needs the private key; recognising one
needs only the public key (``is_key_certificate``), so a host without the
key ring's master secret still checks certificate PDFs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID

from warrantor.certificates.keys import SigningKey, key_id_for, raw_public_key

VALID_FROM = datetime(2000, 1, 1, tzinfo=UTC)
VALID_UNTIL = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
ORGANIZATION = "Warrantor certificate signing"


def key_certificate(key: SigningKey) -> x509.Certificate:
    """The self-signed X.509 certificate of ``key`` (the same every time for the same key).

    Subject and issuer: ``CN=Warrantor certificate signing key <key id>``;
    the serial number comes from the SHA-256 of the public key; key usage
    is digital signature and non-repudiation (what a document signature
    needs), plus certificate signing since it is its own anchor.
    """
    return _builder(key.public_key).sign(key.private_key, algorithm=None)


def is_key_certificate(certificate_der: bytes, public_key: Ed25519PublicKey) -> bool:
    """Whether ``certificate_der`` is, byte for byte, ``key_certificate`` of the key whose
    public half is ``public_key``; checked with the public key alone.

    When: checking a certificate PDF's signature on a host that holds only the
    public keys (no master secret). Everything a key certificate says but its
    signature follows from the public key, so the part to be signed is built
    again (signed by a throwaway key, which changes only the signature), the
    signature is checked over it, and the whole is reassembled around it.
    """
    try:
        candidate = x509.load_der_x509_certificate(certificate_der)
    except (ValueError, x509.InvalidVersion):
        return False
    template = _builder(public_key).sign(Ed25519PrivateKey.generate(), algorithm=None)
    if candidate.tbs_certificate_bytes != template.tbs_certificate_bytes:
        return False
    try:
        public_key.verify(candidate.signature, template.tbs_certificate_bytes)
    except InvalidSignature:
        return False
    # An Ed25519 certificate ends with its 64-byte signature: the rest must be the template's.
    expected = der(template)[: -len(candidate.signature)] + candidate.signature
    return certificate_der == expected


def _builder(public_key: Ed25519PublicKey) -> x509.CertificateBuilder:
    """Everything of a key's certificate but the signature (see ``key_certificate``)."""
    key_id = key_id_for(public_key)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{ORGANIZATION} key {key_id}"),
        ]
    )
    digest = hashlib.sha256(raw_public_key(public_key)).digest()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(int.from_bytes(digest[:16], "big") >> 1 or 1)
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def key_certificates(keys: Iterable[SigningKey]) -> dict[str, x509.Certificate]:
    """The certificate of each key, by key id (pass ``KeyRing.all_keys().values()``)."""
    return {key.key_id: key_certificate(key) for key in keys}


def certificate_key_id(certificate: x509.Certificate) -> str | None:
    """The key id of the Ed25519 key a certificate certifies; ``None`` for another kind of key."""
    public_key = certificate.public_key()
    if not isinstance(public_key, Ed25519PublicKey):
        return None
    return key_id_for(public_key)


def pem_bundle(certificates: Iterable[x509.Certificate]) -> str:
    """Certificates as one PEM text, oldest key first (as published for verifiers)."""
    return "".join(
        certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
        for certificate in certificates
    )


def der(certificate: x509.Certificate) -> bytes:
    """The DER bytes of a certificate (the JWK ``x5c`` member is these, in base64)."""
    return certificate.public_bytes(serialization.Encoding.DER)

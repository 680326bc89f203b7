"""What can go wrong with key files and certificate files, each a ``WarrantorError``.

A file a customer or agent hands in that is not a readable certificate is
``InvalidInput`` (a 422 / exit 2); a key folder that can't be trusted is a
``KeyFileError`` naming the file, for the operator to look at.
"""

from __future__ import annotations

from pathlib import Path

from warrantor.errors import InvalidInput, Problem, WarrantorError


class KeyFileError(WarrantorError):
    """A key file (or the folder, or the ``active`` pointer) can't be used; ``path`` names it.

    Raised instead of signing with, or trusting, a key that may have been
    tampered with. Someone has to look at the folder: nothing is repaired
    automatically.
    """

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class CertificateFileError(InvalidInput):
    """A file handed in as a certificate could not be read as one."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message, problems or [Problem(message, field="file")])


class NotACertificate(CertificateFileError):
    """Neither a certificate JSON document nor a certificate PDF (or JSON of another kind)."""


class CorruptPdf(CertificateFileError):
    """It starts like a PDF but is truncated or damaged where the certificate is kept."""


class NoEmbeddedCertificate(CertificateFileError):
    """A readable PDF without the certificate data Warrantor embeds in the ones it makes.

    Typically a scan or a "print to PDF" of a certificate: the printed text
    can't be trusted on its own, so the original PDF or the JSON is needed.
    """


class DuplicateMember(CertificateFileError):
    """The JSON repeats a member name in one object (e.g. two ``serial``).

    Refused outright: JSON readers disagree on which of the two counts, so a
    document could verify with one value and be read by someone else with
    the other.
    """

    def __init__(self, name: str) -> None:
        super().__init__(
            f"the member {name!r} appears twice in one object; a certificate with a repeated "
            "member is refused (programs disagree on which of the two counts)",
            [Problem("appears twice", field=name)],
        )

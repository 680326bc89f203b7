"""What an uploaded file is, and making it safe to keep (issue #24).

When and why: a customer's proof of purchase or photo is read later by an agent
on the desk, so it is checked before anything is stored:

- its type is read from its bytes (``puremagic``), never from its name or the
  browser's word: PDF, JPEG or PNG for a proof, JPEG or PNG for a photo;
- its size is capped (``WARRANTOR_ATTACHMENT_MAX_BYTES``);
- an image is opened (Pillow) and written again without its location: the EXIF
  GPS block and any XMP packet (which may repeat it) are dropped; the rest of
  the EXIF (orientation, camera, date) is kept. A JPEG keeps its quantisation
  tables (``quality="keep"``), so it is not visibly recompressed;
- a PDF is read (pypdf) and refused if any object reachable from its trailer
  is JavaScript (``/JS``, an action ``/S /JavaScript``, a ``/JavaScript`` name
  tree) or an embedded file (``/EmbeddedFiles``, ``/EF``, a file-attachment
  annotation), or if it is encrypted (then it cannot be checked).

There is no virus scan (the README says so).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Literal

import puremagic
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from warrantor.errors import N_, InvalidInput, Problem, Said

AttachmentKind = Literal["proof_of_purchase", "photo"]

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

ACCEPTED: dict[AttachmentKind, tuple[str, ...]] = {
    "proof_of_purchase": (PDF, JPEG, PNG),
    "photo": (JPEG, PNG),
}
"""The content types each kind may be."""

EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}

MAX_PIXELS = 50_000_000
"""An image larger than this is refused before it is decoded (a decompression bomb)."""

GPS_IFD = 0x8825


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """An upload that passed: its type by content and the bytes to keep."""

    content_type: str
    data: bytes

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


WRONG_TYPE: dict[AttachmentKind, str] = {
    "proof_of_purchase": N_("a proof of purchase must be %(types)s; this file is %(found)s"),
    "photo": N_("a photo must be %(types)s; this file is %(found)s"),
}
"""What a file of the wrong type is told, by kind (``types``: the formats accepted)."""


def _too_many_pixels() -> Said:
    return Said(N_("the image has more than %(most)s pixels"), most=MAX_PIXELS)


def _refuse(message: str, field: str = "file") -> InvalidInput:
    return InvalidInput("the file cannot be attached", [Problem(message, field)])


def check_upload(data: bytes, kind: AttachmentKind, *, max_bytes: int) -> CheckedFile:
    """The file made safe to keep, or ``InvalidInput`` naming field ``file`` and why."""
    if kind not in ACCEPTED:
        raise _refuse(f"{kind!r} is not proof_of_purchase or photo", "kind")
    if not data:
        raise _refuse(N_("the file is empty"))
    if len(data) > max_bytes:
        too_large = N_("the file has %(size)s bytes; at most %(most)s are accepted")
        raise _refuse(Said(too_large, size=len(data), most=max_bytes))
    content_type = _content_type(data)
    accepted = ACCEPTED[kind]
    if content_type not in accepted:
        names = ", ".join(EXTENSIONS[t].upper() for t in accepted)
        found = content_type or Said(N_("not a type we know"))
        raise _refuse(Said(WRONG_TYPE[kind], types=names, found=found))
    if content_type == PDF:
        _check_pdf(data)
        return CheckedFile(PDF, data)
    return CheckedFile(content_type, _without_location(data, content_type))


def _content_type(data: bytes) -> str:
    try:
        return str(puremagic.from_string(data, mime=True))
    except puremagic.PureError:
        return ""


def _without_location(data: bytes, content_type: str) -> bytes:
    """The image written again without its GPS block and XMP packet."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise _refuse(_too_many_pixels())
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _refuse(Said(N_("the image cannot be read: %(error)s"), error=str(error))) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(_too_many_pixels()) from None
    exif = image.getexif()
    exif.pop(GPS_IFD, None)
    image.info.pop("xmp", None)
    image.info.pop("XML:com.adobe.xmp", None)
    out = BytesIO()
    if content_type == JPEG:
        image.save(
            out,
            "JPEG",
            quality="keep",
            exif=exif.tobytes(),
            icc_profile=image.info.get("icc_profile"),
        )
    else:
        image.save(out, "PNG", exif=exif.tobytes(), icc_profile=image.info.get("icc_profile"))
    return out.getvalue()


_EMBEDDED = Said(N_("an embedded file"))  # marked words: the refusal's page translates them
_ACTIVE_KEYS: dict[str, str] = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/EmbeddedFiles": _EMBEDDED,
    "/EF": _EMBEDDED,
    "/XFA": Said(N_("an XFA form (which may run scripts)")),
}
_ACTIVE_VALUES: dict[tuple[str, str], str] = {
    ("/S", "/JavaScript"): "JavaScript",
    ("/Type", "/EmbeddedFile"): _EMBEDDED,
    ("/Subtype", "/FileAttachment"): _EMBEDDED,
}


def _check_pdf(data: bytes) -> None:
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _refuse(N_("the PDF is encrypted, so it cannot be checked: send it unprotected"))
        found = _active_content(reader.trailer)
    except InvalidInput:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise _refuse(Said(N_("the PDF cannot be read: %(error)s"), error=str(error))) from None
    if found:
        holds = N_("the PDF holds %(found)s, which we do not accept: send a plain PDF")
        raise _refuse(Said(holds, found=found))


def _active_content(root: Any) -> str:
    """What active content the objects reachable from ``root`` hold ("" when none)."""
    seen: set[tuple[int, int]] = set()
    pending: list[Any] = [root]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key in item:
                if key in _ACTIVE_KEYS:
                    return _ACTIVE_KEYS[key]
                value = item.get(key)
                if isinstance(value, NameObject) and (key, str(value)) in _ACTIVE_VALUES:
                    return _ACTIVE_VALUES[(key, str(value))]
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return ""

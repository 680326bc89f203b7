"""Files for the attachment tests, made in memory: images with a location, PDFs with and
without JavaScript or an embedded file (issue #24)."""

from __future__ import annotations

from io import BytesIO

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

GPS_IFD = 0x8825
ORIENTATION = 0x0112
LOCATION = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
"""An EXIF GPS block: latitude and longitude of a place in Berlin."""


def photo(
    fmt: str = "JPEG", *, with_location: bool = True, size: tuple[int, int] = (64, 48)
) -> bytes:
    """A small image carrying an orientation tag and, unless told not to, a GPS location."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = image.getexif()
    exif[ORIENTATION] = 6
    if with_location:
        exif[GPS_IFD] = LOCATION
    out = BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def location_of(data: bytes) -> dict[int, object]:
    """The GPS block an image's EXIF holds (empty when none)."""
    with Image.open(BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(GPS_IFD))


def pdf(*, javascript: str = "", attachment: bytes = b"", password: str = "") -> bytes:
    """A one-page PDF, with JavaScript run on opening, an embedded file, or encryption."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:  # run when the page opens: an additional action deep in the page tree
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
        opened = DictionaryObject({NameObject("/O"): writer._add_object(action)})
        writer.pages[0][NameObject("/AA")] = opened
    if attachment:
        writer.add_attachment("notes.txt", attachment)
    if password:
        writer.encrypt(password)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()

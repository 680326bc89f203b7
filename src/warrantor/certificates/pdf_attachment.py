"""A file embedded in a PDF (an "attachment"), written with reportlab and read back.

Why: a certificate PDF carries its own signed JSON, so ``verify FILE`` checks
the data that was signed rather than text scraped off the page. Text edited
on the page itself is for the verification page to expose: the QR code leads
whoever holds the copy to the registry's answer.

reportlab has no public call for attachments, so ``attach`` adds the PDF
objects itself (an ``/EmbeddedFiles`` name tree in the catalog, ISO 32000-1
7.11.4). ``embedded_files`` is a deliberately small reader: it finds
``/Type /EmbeddedFile`` streams in the file as written (``/FlateDecode`` or
``/ASCII85Decode``, direct ``/Length``). That is what this module writes and
what most tools keep when they copy a PDF; a PDF rewritten into compressed
object streams isn't read, and the caller says so (the JSON export is the
portable form).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)

from warrantor.certificates.errors import CorruptPdf

MAX_EMBEDDED_BYTES = 1_000_000
"""Largest attachment read back; a certificate is a few hundred bytes."""

_EMBEDDED = re.compile(rb"/Type\s*/EmbeddedFile(?![A-Za-z0-9#])")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_STREAM = re.compile(rb"\bstream\r?\n")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+\d+\s+R)?")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")


def attach(canvas: Any, name: str, data: bytes, *, mime_type: str, description: str) -> None:
    """Embed ``data`` as file ``name`` in the PDF the reportlab ``canvas`` is writing.

    Call before ``canvas.save()``. Replaces any attachments set before.
    """
    stream = PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("EmbeddedFile"),
                # A name with '/' must be written #2F-escaped; PDFName would escape the '#'.
                "Subtype": "/" + mime_type.replace("/", "#2F"),
                "Params": PDFDictionary({"Size": len(data)}),
            }
        ),
        content=data,
        filters=[PDFZCompress],
    )
    filespec = PDFDictionary(
        {
            "Type": PDFName("Filespec"),
            "F": PDFString(name),
            "UF": PDFString(name),
            "Desc": PDFString(description),
            "AFRelationship": PDFName("Data"),
            "EF": PDFDictionary({"F": stream}),
        }
    )
    document = canvas._doc  # reportlab's PDFDocument; no public API for the catalog
    document.Catalog.Names = PDFDictionary(
        {
            "EmbeddedFiles": PDFDictionary(
                {"Names": PDFArray([PDFString(name), document.Reference(filespec)])}
            )
        }
    )


def embedded_files(pdf: bytes) -> list[bytes]:
    """The content of every embedded file stream found, decoded; ``[]`` when there is none.

    Raises ``CorruptPdf`` when a stream is there but cut short or undecodable.
    """
    found: list[bytes] = []
    for match in _EMBEDDED.finditer(pdf):
        obj_start = max((m.start() for m in _OBJ.finditer(pdf, 0, match.start())), default=-1)
        stream = _STREAM.search(pdf, match.end())
        if obj_start < 0 or stream is None:
            raise CorruptPdf("an embedded file in the PDF has no data stream")
        header = pdf[obj_start : stream.start()]
        if b"endobj" in header:
            continue  # the type was in an object without a stream (e.g. a compressed object)
        length = _LENGTH.search(header)
        if length is None or length.group(2):
            raise CorruptPdf(
                "the embedded file's length is not written where Warrantor reads it; "
                "use the original PDF or the JSON export"
            )
        size = int(length.group(1))
        content = pdf[stream.end() : stream.end() + size]
        if len(content) < size or not pdf[stream.end() + size :].lstrip().startswith(b"endstream"):
            raise CorruptPdf("the PDF is cut short or damaged inside the embedded certificate")
        filters = _FILTER.search(header)
        names = re.findall(rb"/([A-Za-z0-9]+)", filters.group(1)) if filters else []
        found.append(_decode(content, names))
    return found


def _decode(content: bytes, filters: list[bytes]) -> bytes:
    for name in filters:
        if name == b"FlateDecode":
            inflater = zlib.decompressobj()
            try:
                content = inflater.decompress(content, MAX_EMBEDDED_BYTES + 1)
            except zlib.error:
                raise CorruptPdf("the embedded certificate data is damaged (bad deflate)") from None
            if len(content) > MAX_EMBEDDED_BYTES or inflater.unconsumed_tail:
                raise CorruptPdf("the embedded file is far too large to be a certificate")
        elif name == b"ASCII85Decode":
            text = re.sub(rb"\s", b"", content).removesuffix(b"~>")
            try:
                content = base64.a85decode(text)
            except (ValueError, binascii.Error):
                raise CorruptPdf("the embedded certificate data is damaged (bad ASCII85)") from None
        else:
            raise CorruptPdf(
                f"the embedded file uses the {name.decode('latin-1')} filter, "
                "which Warrantor does not read; use the original PDF or the JSON export"
            )
    return content

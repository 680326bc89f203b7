"""Ways to tamper with a signed certificate PDF, as an attacker would, for the tests.

Each function takes the PDF's bytes and returns changed bytes. Changes made
"after signing" use pyHanko's own incremental writer (``pyhanko.pdf_utils``),
the way a PDF editor saves an edit: the signed bytes stay in front and an
update is appended. ``resaved_by_another_tool`` rewrites the whole file
instead (pypdf), and ``flip`` / ``truncate`` damage bytes in place.
"""

from __future__ import annotations

import io
import re

import pypdf
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers

from warrantor.certificates import SigningKey
from warrantor.certificates.pdf_seal import pades_signer, run_pyhanko


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_content(pdf: bytes) -> bytes:
    """The decoded content stream of the (only) page: what is printed."""
    page = PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Kids"][0]
    contents = page["/Contents"]
    assert isinstance(contents, generic.StreamObject)
    data: bytes = contents.data
    return data


def _printed(text: str) -> bytes:
    """``text`` as it sits in a content stream's string: parentheses and backslashes escaped."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("latin-1")


def replace_printed(data: bytes, old: str, new: str) -> bytes:
    """Content stream ``data`` with printed text ``old`` replaced by ``new`` everywhere."""
    assert _printed(old) in data, f"{old!r} is not printed on the page"
    return data.replace(_printed(old), _printed(new))


def edit_page_text(pdf: bytes, old: str, new: str) -> bytes:
    """Replace printed text on the page (every place it is drawn), saved as an update."""
    data = replace_printed(page_content(pdf), old, new)
    writer = _writer(pdf)
    page = writer.root["/Pages"]["/Kids"][0]
    stream = generic.StreamObject(stream_data=data)
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    return _written(writer)


def edit_document_information(pdf: bytes, **entries: str) -> bytes:
    """Change the Info dictionary (``Title="..."``, ``Subject="..."``), saved as an update."""
    writer = _writer(pdf)
    info = writer.trailer["/Info"]
    for name, value in entries.items():
        info[f"/{name}"] = generic.TextStringObject(value)
    writer.update_container(info)
    return _written(writer)


def add_xmp_metadata(pdf: bytes, xml: bytes) -> bytes:
    """Give the document an XMP metadata stream, saved as an update."""
    writer = _writer(pdf)
    stream = generic.StreamObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Metadata"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/XML"),
        },
        stream_data=xml,
    )
    writer.root["/Metadata"] = writer.add_object(stream)
    writer.update_root()
    return _written(writer)


def add_attachment(pdf: bytes, name: str, data: bytes) -> bytes:
    """Embed one more file, saved as an update."""
    writer = _writer(pdf)
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=name,
            embedded_data=embed.EmbeddedFileObject.from_file_data(writer, data),
        ),
    )
    return _written(writer)


def add_annotation(pdf: bytes, text: str) -> bytes:
    """Stick a free-text note on the page (a typical "just a comment" edit), as an update."""
    writer = _writer(pdf)
    page = writer.root["/Pages"]["/Kids"][0]
    note = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/FreeText"),
            generic.pdf_name("/Rect"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (100, 400, 400, 430)]
            ),
            generic.pdf_name("/Contents"): generic.TextStringObject(text),
            generic.pdf_name("/DA"): generic.pdf_string("/Helv 12 Tf 0 g"),
        }
    )
    page["/Annots"] = generic.ArrayObject([writer.add_object(note)])
    writer.update_container(page)
    return _written(writer)


def append_empty_update(pdf: bytes) -> bytes:
    """Append an update that changes no object: a new trailer pointing back at the old one."""
    trailer = pdf[pdf.rindex(b"trailer") :]
    start = re.search(rb"startxref\s+(\d+)", pdf[pdf.rindex(b"startxref") :])
    size = re.search(rb"/Size (\d+)", trailer)
    root = re.search(rb"/Root (\d+ \d+ R)", trailer)
    assert start and size and root
    xref_at = len(pdf) + 1
    return pdf + (
        b"\nxref\n0 0\ntrailer\n<< /Size " + size.group(1) + b" /Root " + root.group(1)
        + b" /Prev " + start.group(1) + b" >>\nstartxref\n"
        + str(xref_at).encode() + b"\n%%EOF\n"
    )  # fmt: skip


def countersign(pdf: bytes, key: SigningKey) -> bytes:
    """A second signature appended by ``key`` (an approval signature in a field of its own)."""
    metadata = signers.PdfSignatureMetadata(field_name="Countersignature")
    signer = _IgnoringCertification(metadata, pades_signer(key))
    writer = _writer(pdf)
    return bytes(run_pyhanko(lambda: signer.async_sign_pdf(writer)).getvalue())


class _IgnoringCertification(signers.PdfSigner):  # type: ignore[misc]
    """pyHanko refuses to sign a PDF certified "no changes"; a forger's tool need not."""

    def _enforce_certification_constraints(self, reader: object) -> None:
        return None


def resaved_by_another_tool(pdf: bytes, old: str, new: str) -> bytes:
    """The whole file rewritten by pypdf with printed text replaced (no incremental update)."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    page = writer.pages[0]
    content = page.get_contents()
    assert content is not None
    content.set_data(replace_printed(content.get_data(), old, new))
    page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def flip(pdf: bytes, offset: int) -> bytes:
    """``pdf`` with one bit of the byte at ``offset`` flipped."""
    changed = bytearray(pdf)
    changed[offset] ^= 0x01
    return bytes(changed)


def offsets_of_parts(pdf: bytes) -> dict[str, int]:
    """A byte inside each part of a signed PDF, by name: where a flip lands.

    The header's version digit; a byte inside the page's content stream; an
    entry of the first cross-reference table (the page's revision) and of the
    last (the signature's); the first and last trailer's ``/ID``; in the
    signature (``/Contents``), its outer length, a byte of the certificate it
    carries, one of the signature value at its end, and one of the zero
    padding after it.
    """
    contents = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].raw_get("/Contents")
    assert isinstance(contents, pypdf.generic.IndirectObject)
    obj = re.search(rb"\n%d 0 obj" % contents.idnum, pdf)
    assert obj is not None
    stream_at = pdf.index(b"stream", obj.end()) + len(b"stream\n")
    xrefs = [m.end() for m in re.finditer(rb"\nxref\n", pdf)]
    ids = [m.end() for m in re.finditer(rb"/ID \[ *<", pdf)]
    signature = re.search(rb"/Contents <", pdf)
    assert signature is not None and len(xrefs) >= 2 and len(ids) >= 2
    signature_end = pdf.index(b">", signature.end())
    value_end = signature.end() + len(pdf[signature.end() : signature_end].rstrip(b"0"))
    return {
        "header": pdf.index(b"%PDF-1.") + len(b"%PDF-1."),
        "page content stream": stream_at + 10,
        "first cross-reference table": xrefs[0] + 30,
        "last cross-reference table": xrefs[-1] + 30,
        "first trailer": ids[0] + 4,
        "last trailer": ids[-1] + 4,
        "signature's outer length": signature.end() + 5,
        "certificate carried in the signature": _hex_flip_safe(pdf, signature.end() + 600),
        "signature value": _hex_flip_safe(pdf, value_end - 40),
        "signature padding": signature_end - 10,
    }


HEX_STAYS_HEX = frozenset(b"0123456789BCDEbcde")
"""Hex digits whose lowest bit flipped is still a hex digit (``F`` -> ``G`` is not)."""


def _hex_flip_safe(pdf: bytes, offset: int) -> int:
    """The first offset from ``offset`` on whose byte flipped is still a hex digit, so a flip
    inside the signature's hex string changes the bytes it encodes instead of making the file
    unreadable (which one happens depended on the random key's signature)."""
    while pdf[offset] not in HEX_STAYS_HEX:
        offset += 1
    return offset


def cut_after_first_revision(pdf: bytes) -> bytes:
    """The file cut right after its first ``%%EOF``: the signed update (the signature) gone."""
    end = pdf.index(b"%%EOF") + len(b"%%EOF\n")
    return pdf[:end]

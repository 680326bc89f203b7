"""What was added to a signed PDF after its signature, named in plain words.

pyHanko says *that* a file changed after signing (its coverage and
modification level); a person refusing a certificate wants to know *what*:
the printed page, the metadata, an attachment, an annotation, another
signature. This reads each update appended after the signed revision and
names the objects it adds or replaces.
"""

from __future__ import annotations

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

READ_ERRORS = (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError)
"""What pyHanko's reader raises on a damaged file (its own errors, and plain Python ones)."""


def changes_after(reader: PdfFileReader, signature: object) -> str:
    """What was added after the signed revision of ``signature``, in plain words (for the
    verdict's reason): "an update after the signature adds or replaces the page's content
    (what is printed), an attachment", or that bytes were appended."""
    signed_revision = getattr(signature, "signed_revision", 0)
    if reader.xrefs.total_revisions <= signed_revision + 1:
        return "bytes were added after the end of what was signed"
    found: dict[str, None] = {}
    try:
        for revision in range(signed_revision + 1, reader.xrefs.total_revisions):
            resolver = reader.get_historical_resolver(revision)
            trailer = resolver.trailer_view
            info = trailer.raw_get("/Info") if "/Info" in trailer else None
            contents = _page_content_refs(resolver)
            for ref in sorted(
                reader.xrefs.explicit_refs_in_revision(revision), key=lambda r: r.idnum
            ):
                found[_what(resolver.get_object(ref), ref, info, contents)] = None
    except READ_ERRORS:
        found["objects pyHanko could not read"] = None
    if not found:
        return "an update was appended after the signature"
    return "an update after the signature adds or replaces " + ", ".join(found)


def _page_content_refs(resolver: object) -> set[generic.Reference]:
    refs: set[generic.Reference] = set()
    root = resolver.root  # type: ignore[attr-defined]
    for page in root["/Pages"].get_object().get("/Kids", []):
        contents = page.get_object().raw_get("/Contents", None)
        if isinstance(contents, generic.IndirectObject):
            refs.add(contents.reference)
        elif isinstance(contents, generic.ArrayObject):
            refs |= {c.reference for c in contents if isinstance(c, generic.IndirectObject)}
    return refs


_KINDS = {
    "/Catalog": "the document catalogue",
    "/Pages": "the page tree",
    "/Page": "the page",
    "/Metadata": "the XMP metadata",
    "/Filespec": "an attachment",
    "/EmbeddedFile": "an attachment",
    "/Annot": "an annotation",
    "/Sig": "a signature",
    "/DocTimeStamp": "a signature",
    "/XObject": "an image or drawing",
    "/Font": "a font",
}


def _what(
    obj: object, ref: generic.Reference, info: object, contents: set[generic.Reference]
) -> str:
    """A plain name for an object an update adds or replaces."""
    if isinstance(info, generic.IndirectObject) and info.reference == ref:
        return "the document information (title, author, dates)"
    if ref in contents:
        return "the page's content (what is printed)"
    if isinstance(obj, generic.DictionaryObject):
        kind = obj.get("/Type")
        if kind in _KINDS:
            return _KINDS[str(kind)]
        if "/EmbeddedFiles" in obj or "/Names" in obj:
            return "an attachment"
        if obj.get("/FT") == "/Sig" or ("/Subtype" in obj and "/Rect" in obj):
            return "a form field or annotation"
    return f"object {ref.idnum}"

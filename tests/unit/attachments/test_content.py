"""Uploads are checked by content, capped in size, stripped of location, and PDFs with
active content refused (issue #24)."""

from __future__ import annotations

import pytest
from PIL import Image

from attachment_files import ORIENTATION, location_of, pdf, photo
from warrantor.errors import InvalidInput
from warrantor.services.attachments.content import check_upload

MAX = 1_000_000


def problem(error: pytest.ExceptionInfo[InvalidInput]) -> tuple[str, str]:
    [found] = error.value.problems
    return found.field or "", found.message


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_photo_loses_its_location_and_keeps_its_orientation(fmt: str) -> None:
    sent = photo(fmt)
    assert location_of(sent)  # the test image does carry one

    kept = check_upload(sent, "photo", max_bytes=MAX)

    assert kept.content_type == f"image/{fmt.lower()}"
    assert location_of(kept.data) == {}
    from io import BytesIO

    with Image.open(BytesIO(kept.data)) as image:
        assert image.format == fmt
        assert image.getexif()[ORIENTATION] == 6
        assert image.size == (64, 48)


def test_the_type_is_read_from_the_bytes_not_the_name() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_upload(b"GIF89a" + b"\0" * 40, "photo", max_bytes=MAX)
    with pytest.raises(InvalidInput) as text:
        check_upload(b"just some text, named receipt.pdf", "proof_of_purchase", max_bytes=MAX)

    assert problem(refused)[0] == "file"
    assert "must be JPG, PNG; this file is image/gif" in problem(refused)[1]
    assert "this file is not a type we know" in problem(text)[1]


def test_a_pdf_is_a_proof_of_purchase_but_not_a_photo() -> None:
    plain = pdf()

    kept = check_upload(plain, "proof_of_purchase", max_bytes=MAX)
    with pytest.raises(InvalidInput) as refused:
        check_upload(plain, "photo", max_bytes=MAX)

    assert kept.content_type == "application/pdf"
    assert kept.data == plain
    assert kept.extension == "pdf"
    assert "this file is application/pdf" in problem(refused)[1]


@pytest.mark.parametrize(
    ("made", "holds"),
    [
        ({"javascript": "app.alert('hi');"}, "JavaScript"),
        ({"attachment": b"anything"}, "an embedded file"),
    ],
)
def test_a_pdf_with_javascript_or_an_embedded_file_is_refused(
    made: dict[str, object], holds: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_upload(pdf(**made), "proof_of_purchase", max_bytes=MAX)  # type: ignore[arg-type]

    assert problem(refused) == (
        "file",
        f"the PDF holds {holds}, which we do not accept: send a plain PDF",
    )


def test_an_encrypted_pdf_is_refused_as_uncheckable() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_upload(pdf(password="secret"), "proof_of_purchase", max_bytes=MAX)

    assert "encrypted" in problem(refused)[1]


def test_the_size_is_capped_and_an_empty_file_refused() -> None:
    sent = photo()

    check_upload(sent, "photo", max_bytes=len(sent))
    with pytest.raises(InvalidInput) as too_big:
        check_upload(sent, "photo", max_bytes=len(sent) - 1)
    with pytest.raises(InvalidInput) as empty:
        check_upload(b"", "photo", max_bytes=MAX)

    assert f"at most {len(sent) - 1:,} are accepted" in problem(too_big)[1]
    assert problem(empty)[1] == "the file is empty"


def test_a_broken_image_is_refused_by_name() -> None:
    broken = photo()[:40]

    with pytest.raises(InvalidInput) as refused:
        check_upload(broken, "photo", max_bytes=MAX)

    assert "the image cannot be read" in problem(refused)[1]

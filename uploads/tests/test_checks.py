"""The shared upload checks: type by content, size, photo metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

import uploads
from uploads.tests import files


def _jpeg_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {1: "N", 2: (1.0, 17.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize(
    ("make", "content_type", "extension", "is_image"),
    [
        (files.png, "image/png", "png", True),
        (files.pdf, "application/pdf", "pdf", False),
        (files.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", False),
        (files.odt, "application/vnd.oasis.opendocument.text", "odt", False),
    ],
)
def test_check_file_types_by_content(make, content_type, extension, is_image):
    checked = uploads.check_file(make())
    assert (checked.content_type, checked.extension, checked.is_image) == (content_type, extension, is_image)


@pytest.mark.parametrize("make", [files.html_as_png, files.exe_as_pdf, files.plain_zip, files.truncated_png])
def test_check_file_refuses_disguised_or_broken_files(make):
    with pytest.raises(uploads.UploadError, match="not an accepted file"):
        uploads.check_file(make())


def test_check_file_refuses_empty_and_oversized_files():
    with pytest.raises(uploads.UploadError, match="empty"):
        uploads.check_file(SimpleUploadedFile("empty.pdf", b""))
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * uploads.MAX_BYTES)
    with pytest.raises(uploads.UploadError, match="10 MB"):
        uploads.check_file(big)


def test_check_file_kinds_narrow_what_is_accepted():
    with pytest.raises(uploads.UploadError, match="neither a PDF nor an image"):
        uploads.check_file(files.docx(), kinds=uploads.DOCUMENT_KINDS)
    with pytest.raises(uploads.UploadError, match="not a PDF document"):
        uploads.check_file(files.png(), kinds={"pdf"})
    with pytest.raises(ValidationError, match="neither a PDF nor an image"):
        uploads.validate(files.odt())
    assert uploads.validate(files.pdf()).content_type == "application/pdf"


def test_check_file_removes_photo_metadata_and_leaves_the_upload_readable():
    upload = _jpeg_with_gps()
    checked = uploads.check_file(upload)
    with Image.open(io.BytesIO(checked.content)) as image:
        assert not image.getexif() and image.size == (40, 30)
    assert upload.read(2) == b"\xff\xd8"  # rewound for whoever reads it next
    stored = checked.as_content_file()
    assert stored.name == "photo.jpg" and stored.size == checked.size


def test_check_file_refuses_huge_images_before_decoding(monkeypatch):
    monkeypatch.setattr("uploads.filetypes.MAX_PIXELS", 100)
    with pytest.raises(uploads.UploadError, match="40 megapixels"):
        uploads.check_file(files.png(size=(20, 20)))


def test_check_files_limits_the_number():
    with pytest.raises(uploads.UploadError, match="At most 2 files per post"):
        uploads.check_files([files.pdf()] * 3, max_files=2, too_many="At most 2 files per post.")
    assert len(uploads.check_files([files.pdf(), None, files.png()], max_files=2)) == 2

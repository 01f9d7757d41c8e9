"""Upload checks by content, not by name: PDFs start with %PDF-, images must decode."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


def _check_size(upload):
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("“%(name)s” is larger than 10 MB.") % {"name": upload.name[:80]})
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name[:80]})


def sniff_pdf(upload) -> bool:
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    return b"%PDF-" in head[:1024] and head.lstrip().startswith(b"%PDF-")


def sniff_image(upload) -> str | None:
    """The MIME type of a decodable image, or None."""
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            kind = IMAGE_FORMATS.get(image.format or "")
    except Exception:
        kind = None
    upload.seek(0)
    return kind


def validate_pdf(upload) -> str:
    _check_size(upload)
    if not sniff_pdf(upload):
        raise ValidationError(_("“%(name)s” is not a PDF document.") % {"name": upload.name[:80]})
    return "application/pdf"


def validate_attachment(upload) -> tuple[str, bool]:
    """A PDF or an image; returns (content type, is_image)."""
    _check_size(upload)
    if sniff_pdf(upload):
        return "application/pdf", False
    kind = sniff_image(upload)
    if kind:
        return kind, True
    raise ValidationError(
        _("“%(name)s” is neither a PDF nor an image (JPEG, PNG, GIF, WebP).") % {"name": upload.name[:80]}
    )

"""Checking and storing uploaded files.

The type of a file is decided by its content (magic bytes, Pillow, the zip directory of
OOXML/OpenDocument files), never by the name or the Content-Type the browser sent.
Files are stored under random names; thumbnails are re-encoded by Pillow (which also
drops EXIF metadata such as GPS positions).
"""

import contextlib
import io
import secrets
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_SIZE = 10 * 1024 * 1024
MAX_FILES = 5
MAX_PIXELS = 40_000_000
THUMB_SIZE = (800, 800)

OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
OLE2 = {"doc": "application/msword", "xls": "application/vnd.ms-excel", "ppt": "application/vnd.ms-powerpoint"}
IMAGE_FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "GIF": ("image/gif", "gif"),
                 "WEBP": ("image/webp", "webp")}  # fmt: skip


class AttachmentError(ValueError):
    """A file we refuse, with a message for the person who uploaded it."""


@dataclass
class CheckedFile:
    name: str  # the original name, cleaned
    content: bytes
    content_type: str
    extension: str
    is_image: bool


def _clean_name(name: str) -> str:
    name = (name or "file").replace("\x00", "").replace("/", "_").replace("\\", "_").strip() or "file"
    return name[-200:]


def _sniff_zip(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in ODF:
                    return mimetype, ODF[mimetype]
            if "[Content_Types].xml" in names:
                for prefix, result in OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return result
    except (zipfile.BadZipFile, KeyError, RuntimeError, ValueError, NotImplementedError):
        return None
    return None


def _sniff_image(data: bytes):
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS:
                return None
            if image.width * image.height > MAX_PIXELS:
                raise AttachmentError(_("This image is too large (more than 40 megapixels)."))
            image.verify()
            return IMAGE_FORMATS[image.format]
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return None


def strip_metadata(data: bytes) -> bytes:
    """Re-encode photos that carry EXIF (GPS position, camera serial) without it, upright."""
    from PIL import ImageOps

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("JPEG", "WEBP", "PNG") or getattr(image, "is_animated", False):
                return data
            if not image.getexif() and "exif" not in image.info:
                return data
            fmt = image.format
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if fmt == "JPEG":
                upright.convert("RGB").save(out, format="JPEG", quality=90, optimize=True)
            else:
                upright.save(out, format=fmt)
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        return data


def check_file(upload) -> CheckedFile:
    """Read and classify one upload; raise AttachmentError when it is not accepted."""
    name = _clean_name(getattr(upload, "name", "file"))
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_SIZE:
        raise AttachmentError(_("“%(name)s” is larger than 10 MB.") % {"name": name})
    upload.seek(0)
    data = upload.read(MAX_SIZE + 1)
    if len(data) > MAX_SIZE:
        raise AttachmentError(_("“%(name)s” is larger than 10 MB.") % {"name": name})
    if not data:
        raise AttachmentError(_("“%(name)s” is empty.") % {"name": name})
    result = None
    is_image = False
    if (
        data[:8] == b"\x89PNG\r\n\x1a\n"
        or data[:3] == b"\xff\xd8\xff"
        or data[:4] == b"GIF8"
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    ):
        result = _sniff_image(data)
        is_image = result is not None
        if is_image:
            data = strip_metadata(data)
    elif data[:5] == b"%PDF-":
        result = ("application/pdf", "pdf")
    elif data[:4] == b"PK\x03\x04":
        result = _sniff_zip(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # Legacy Office (OLE2): the container is the same for all three; trust the extension among them.
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext in OLE2:
            result = (OLE2[ext], ext)
    if result is None:
        raise AttachmentError(
            _("“%(name)s” is not an accepted file: images, PDF, Office or OpenDocument files only.") % {"name": name}
        )
    content_type, extension = result
    return CheckedFile(name=name, content=data, content_type=content_type, extension=extension, is_image=is_image)


def check_files(uploads) -> list[CheckedFile]:
    uploads = [u for u in (uploads or ()) if u]
    if len(uploads) > MAX_FILES:
        raise AttachmentError(_("At most %(n)d files per post.") % {"n": MAX_FILES})
    return [check_file(u) for u in uploads]


def make_thumbnail(data: bytes) -> tuple[bytes, str] | None:
    """A resized copy (JPEG, or PNG when transparent), without metadata."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            image.thumbnail(THUMB_SIZE)
            has_alpha = image.mode in ("RGBA", "LA", "P")
            out = io.BytesIO()
            if has_alpha:
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                return out.getvalue(), "png"
            image.convert("RGB").save(out, format="JPEG", quality=82, optimize=True)
            return out.getvalue(), "jpg"
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def store(checked: CheckedFile, *, post, uploaded_by):
    """Create the Attachment row with its file (and thumbnail) under random names."""
    from discussions.models import Attachment

    token = secrets.token_urlsafe(18)
    attachment = Attachment(
        post=post,
        uploaded_by=uploaded_by,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        is_image=checked.is_image,
        created_at=timezone.now(),
    )
    attachment.file.save(f"{token}.{checked.extension}", ContentFile(checked.content), save=False)
    if checked.is_image:
        thumb = make_thumbnail(checked.content)
        if thumb is not None:
            attachment.thumbnail.save(f"{token}-t.{thumb[1]}", ContentFile(thumb[0]), save=False)
    attachment.save()
    return attachment


def delete_files(attachments) -> None:
    """Remove stored files (used when the transaction that stored them rolls back)."""
    for attachment in attachments:
        for field in (attachment.file, attachment.thumbnail):
            if field:
                with contextlib.suppress(OSError):
                    field.storage.delete(field.name)

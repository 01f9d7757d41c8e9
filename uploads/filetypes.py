"""What a file is, from its first bytes: image, PDF, OOXML/OpenDocument or legacy Office."""

import io
import zipfile

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from uploads.images import MAX_PIXELS

# kind "image" | "pdf" | "office"
IMAGE_FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "GIF": ("image/gif", "gif"),
                 "WEBP": ("image/webp", "webp")}  # fmt: skip
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


class TooManyPixels(ValueError):
    pass


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
                raise TooManyPixels(_("This image is too large (more than 40 megapixels)."))
            image.verify()
            return IMAGE_FORMATS[image.format]
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return None


def looks_like_image(data: bytes) -> bool:
    return (
        data[:8] == b"\x89PNG\r\n\x1a\n"
        or data[:3] == b"\xff\xd8\xff"
        or data[:4] == b"GIF8"
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def sniff(data: bytes, name: str = ""):
    """(kind, content type, extension) of ``data``, or None when it is none of the known kinds.

    Raises TooManyPixels for an image too large to decode safely.  Legacy Office files share
    one container (OLE2), so among those three the name's extension decides.
    """
    if looks_like_image(data):
        result = _sniff_image(data)
        return ("image", *result) if result else None
    if data[:5] == b"%PDF-":
        return "pdf", "application/pdf", "pdf"
    if data[:4] == b"PK\x03\x04":
        result = _sniff_zip(data)
        return ("office", *result) if result else None
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext in OLE2:
            return "office", OLE2[ext], ext
    return None

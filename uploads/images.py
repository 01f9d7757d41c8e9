"""Image re-encoding: photos without metadata, thumbnails."""

import io

from PIL import Image, ImageOps

MAX_PIXELS = 40_000_000
THUMB_SIZE = (800, 800)


def strip_metadata(data: bytes) -> bytes:
    """Re-encode photos that carry EXIF (GPS position, camera serial) without it, upright."""
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


def make_thumbnail(data: bytes, size=THUMB_SIZE) -> tuple[bytes, str] | None:
    """A resized copy (JPEG, or PNG when transparent), without metadata; None if it cannot be decoded."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            image.thumbnail(size)
            has_alpha = image.mode in ("RGBA", "LA", "P")
            out = io.BytesIO()
            if has_alpha:
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                return out.getvalue(), "png"
            image.convert("RGB").save(out, format="JPEG", quality=82, optimize=True)
            return out.getvalue(), "jpg"
    except (OSError, ValueError, Image.DecompressionBombError):
        return None

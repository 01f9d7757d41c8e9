"""Avatar uploads: prove the file is a real image, then re-encode it.

Re-encoding (rather than storing the upload) drops EXIF/GPS metadata and anything a
crafted file might smuggle after the image data.  The stored avatar is at most
AVATAR_STORED_SIZE pixels on its longest side.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_MAX_PIXELS = 4000  # per side, as uploaded
AVATAR_STORED_SIZE = 512
ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def check_avatar_size(upload) -> None:
    """Refuse files over AVATAR_MAX_BYTES before any decoding work happens."""
    if upload.size is not None and upload.size > AVATAR_MAX_BYTES:
        raise ValidationError(
            _("The image is %(size).1f MB; the limit is 2 MB. Please choose a smaller picture.")
            % {"size": upload.size / (1024 * 1024)},
            code="too_large",
        )


def prepare_avatar(upload, *, stored_size=None) -> ContentFile:
    """Validate an uploaded image and return a re-encoded copy without metadata, at most
    ``stored_size`` (a side, or a (width, height) box; AVATAR_STORED_SIZE by default)."""
    check_avatar_size(upload)
    invalid = ValidationError(
        _("This file is not an image we can read. Please upload a JPEG, PNG, GIF or WebP picture."),
        code="invalid_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise invalid
            width, height = probe.size
            if width > AVATAR_MAX_PIXELS or height > AVATAR_MAX_PIXELS:
                raise ValidationError(
                    _("The image is %(w)s×%(h)s pixels; the limit is 4000×4000.") % {"w": width, "h": height},
                    code="too_many_pixels",
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.seek(0)  # first frame of an animated GIF/WebP
            image = ImageOps.exif_transpose(image)
            has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
            image = image.convert("RGBA" if has_alpha else "RGB")
            box = stored_size or AVATAR_STORED_SIZE
            image.thumbnail(box if isinstance(box, tuple) else (box, box), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            if has_alpha:
                image.save(buffer, format="PNG", optimize=True)
                extension = "png"
            else:
                image.save(buffer, format="JPEG", quality=88, optimize=True)
                extension = "jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise invalid from exc
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")

"""One upload, checked: size, type by content, photo metadata removed."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from uploads.filetypes import TooManyPixels, sniff
from uploads.images import strip_metadata

MAX_BYTES = 10 * 1024 * 1024
ALL_KINDS = frozenset({"image", "pdf", "office"})
DOCUMENT_KINDS = frozenset({"image", "pdf"})  # what the library, events and messages take


class UploadError(ValueError):
    """A file we refuse, with a message for the person who uploaded it."""


@dataclass
class CheckedFile:
    name: str  # the original name, cleaned
    content: bytes
    content_type: str
    extension: str
    is_image: bool

    @property
    def size(self) -> int:
        return len(self.content)

    def as_content_file(self) -> ContentFile:
        """The checked bytes (photos without metadata) for a FileField, under the original name."""
        return ContentFile(self.content, name=self.name)


def clean_name(name: str) -> str:
    name = (name or "file").replace("\x00", "").replace("/", "_").replace("\\", "_").strip() or "file"
    return name[-200:]


def _refusal(name, kinds):
    if kinds == {"pdf"}:
        return _("“%(name)s” is not a PDF document.") % {"name": name[:80]}
    if kinds == {"image", "pdf"}:
        return _("“%(name)s” is neither a PDF nor an image (JPEG, PNG, GIF, WebP).") % {"name": name[:80]}
    if kinds == {"image"}:
        return _("“%(name)s” is not an image (JPEG, PNG, GIF, WebP).") % {"name": name[:80]}
    return _("“%(name)s” is not an accepted file: images, PDF, Office or OpenDocument files only.") % {"name": name}


def check_file(upload, *, kinds=ALL_KINDS, max_bytes=MAX_BYTES) -> CheckedFile:
    """Read and classify one upload; raise UploadError when it is not accepted."""
    name = clean_name(getattr(upload, "name", "file"))
    too_large = _("“%(name)s” is larger than 10 MB.") % {"name": name[:80]}
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise UploadError(too_large)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(data) > max_bytes:
        raise UploadError(too_large)
    if not data:
        raise UploadError(_("“%(name)s” is empty.") % {"name": name[:80]})
    try:
        found = sniff(data, name)
    except TooManyPixels as exc:
        raise UploadError(str(exc)) from exc
    if found is None or found[0] not in kinds:
        raise UploadError(_refusal(name, set(kinds)))
    kind, content_type, extension = found
    if kind == "image":
        data = strip_metadata(data)
    return CheckedFile(
        name=name, content=data, content_type=content_type, extension=extension, is_image=kind == "image"
    )


def check_files(uploads, *, max_files, kinds=ALL_KINDS, too_many="") -> list[CheckedFile]:
    """Check a list of uploads (empty entries skipped); at most ``max_files``."""
    uploads = [u for u in (uploads or ()) if u]
    if len(uploads) > max_files:
        raise UploadError(too_many or _("At most %(n)d files.") % {"n": max_files})
    return [check_file(u, kinds=kinds) for u in uploads]


def validate(upload, *, kinds=DOCUMENT_KINDS) -> CheckedFile:
    """``check_file`` for forms and services that report problems as ValidationError."""
    try:
        return check_file(upload, kinds=kinds)
    except UploadError as exc:
        raise ValidationError(str(exc), code="upload") from exc

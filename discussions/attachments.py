"""Storing the files attached to posts.

The checks themselves (type by content, size, photo metadata) are the shared ``uploads``
package's; posts accept images, PDF, Office and OpenDocument files.  Files are stored
under random names, with a re-encoded thumbnail for images.
"""

import contextlib
import secrets

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from uploads import ALL_KINDS, MAX_BYTES, CheckedFile, make_thumbnail
from uploads import UploadError as AttachmentError
from uploads import check_files as uploads_check_files

MAX_SIZE = MAX_BYTES
MAX_FILES = 5

__all__ = ["MAX_FILES", "MAX_SIZE", "AttachmentError", "CheckedFile", "check_files", "store"]


def check_files(uploads) -> list[CheckedFile]:
    """The files of one post: at most MAX_FILES, each an image, PDF, Office or OpenDocument file."""
    too_many = _("At most %(n)d files per post.") % {"n": MAX_FILES}
    return uploads_check_files(uploads, max_files=MAX_FILES, kinds=ALL_KINDS, too_many=too_many)


def store(checked: CheckedFile, *, post, uploaded_by):
    """Create the Attachment row with its file (and thumbnail) under random names."""
    from discussions.models import Attachment

    token = secrets.token_urlsafe(18)
    attachment = Attachment(
        post=post,
        uploaded_by=uploaded_by,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
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

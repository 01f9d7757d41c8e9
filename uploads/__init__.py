"""Checking uploaded files by their content, shared by every app that accepts files.

A lower-level package like ``markup`` (no models, no app): the type of a file is decided
by its bytes (magic numbers, Pillow, the zip directory of OOXML/OpenDocument files), never
by its name or the Content-Type the browser sent; photos are re-encoded without their
EXIF metadata (GPS position, camera serial).  Apps decide where and how to store.
"""

from uploads.checks import (
    ALL_KINDS,
    DOCUMENT_KINDS,
    MAX_BYTES,
    CheckedFile,
    UploadError,
    check_file,
    check_files,
    clean_name,
    validate,
)
from uploads.filetypes import IMAGE_FORMATS, sniff
from uploads.images import MAX_PIXELS, make_thumbnail, strip_metadata
from uploads.serve import file_response

__all__ = [
    "ALL_KINDS",
    "DOCUMENT_KINDS",
    "IMAGE_FORMATS",
    "MAX_BYTES",
    "MAX_PIXELS",
    "CheckedFile",
    "UploadError",
    "check_file",
    "check_files",
    "clean_name",
    "file_response",
    "make_thumbnail",
    "sniff",
    "strip_metadata",
    "validate",
]

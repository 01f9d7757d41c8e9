"""Serving a stored upload: the same hardened response wherever a file is downloaded."""

from django.http import FileResponse, Http404


def file_response(field, *, filename, content_type, inline=False) -> FileResponse:
    """Stream ``field`` (a FieldFile) with the type decided at upload; 404 when the file is gone.

    ``nosniff`` and a sandboxing CSP keep a browser from running anything a file might carry;
    only images are shown inline, everything else downloads.
    """
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response

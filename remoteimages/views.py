"""Serving the copies: public like avatars (the original was public), with upload headers."""

from django.http import Http404
from django.views.decorators.http import require_GET

from remoteimages.models import RemoteImage, RemoteImageStatus
from uploads import file_response


@require_GET
def copy(request, name):
    image = (
        RemoteImage.objects.filter(file=f"remote-images/{name}", status=RemoteImageStatus.STORED)
        .only("file", "content_type")
        .first()
    )
    if image is None:
        raise Http404
    response = file_response(image.file, filename=name, content_type=image.content_type, inline=True)
    # The name is random and the content never changes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response

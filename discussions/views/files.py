"""Attachments are served only to people who can read their post."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from discussions import permissions as dp
from discussions.models import Attachment
from discussions.views.common import get_community
from uploads.serve import file_response


def attachment_download(request, community, pk, name=""):
    community = get_community(request, community)
    attachment = get_object_or_404(
        Attachment.objects.select_related("post__thread__community"), pk=pk, post__thread__community=community
    )
    if attachment.post is None or not dp.can_view_post(request.user, attachment.post):
        raise Http404
    thumb = request.GET.get("thumb") == "1" and attachment.thumbnail
    field = attachment.thumbnail if thumb else attachment.file
    content_type = attachment.content_type
    if thumb:
        content_type = "image/png" if field.name.endswith(".png") else "image/jpeg"
    return file_response(
        field, filename=attachment.original_name, content_type=content_type, inline=attachment.is_image
    )

"""Helpers shared by the discussion views: lookups that 404 like a missing id, error replies."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from communities import permissions as cp
from discussions.models import Post
from discussions.permissions import can_view_post
from discussions.selectors import community_for_discussions, thread_get_for_viewer


def get_community(request, slug):
    """The community, or 404 when it does not exist or the viewer may not read it."""

    community = community_for_discussions(slug=slug, viewer=request.user)
    cp.check_can_view_community(request.user, community)
    return community


def get_thread(request, community, thread_id):
    return thread_get_for_viewer(community_slug=community, thread_id=thread_id, viewer=request.user)


def get_post(request, thread, number):
    """A post of ``thread`` the viewer may see (404 otherwise, the same as a missing number)."""

    post = get_object_or_404(Post.objects.select_related("author"), thread=thread, number=number)
    post.thread = thread
    if not can_view_post(request.user, post):
        from django.http import Http404

        raise Http404
    return post


def wants_json(request):
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def is_partial(request):
    return bool(getattr(request, "htmx", False)) or wants_json(request)


def error_json(error, status=None):
    response = JsonResponse({"error": error.message, "field": error.field}, status=status or error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response

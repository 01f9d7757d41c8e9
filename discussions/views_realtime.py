"""HTTP side of the live thread: the catch-up a reconnecting (or gap-detecting) client uses.

``GET /c/thread/<id>/posts-after/<number>/`` answers JSON::

    {"thread_id": 7, "covered": 42, "more": false,
     "posts": [{"number": 41, "id": 903, "html": "<article ...>"}, ...]}

``posts`` are the posts numbered above ``number`` that the viewer may see, rendered with the
page's own fragment; ``covered`` is the highest number the answer accounts for (numbers up
to it that are missing from ``posts`` are pending, hidden or rejected for this viewer), so
the client never re-requests them and never shows anything twice.  When ``more`` is true,
ask again from ``covered``.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import ratelimits
from communities import permissions as cp
from discussions import permissions as dp
from discussions.models import PostStatus, Thread
from discussions.realtime import POST_TEMPLATE, post_fragment_context
from discussions.selectors import annotate_viewer_reactions, posts_for_thread

CATCH_UP_LIMIT = 50
CATCH_UP_RATE = "120/m"
MAX_NUMBER = 2**31 - 1


@require_GET
@never_cache
def thread_posts_after(request, thread_id, number):
    if thread_id > MAX_NUMBER:
        raise Http404
    thread = get_object_or_404(Thread.objects.select_related("community"), pk=thread_id)
    if not dp.can_view_thread(request.user, thread):
        raise Http404  # existence of private threads is not revealed
    key = f"u{request.user.pk}" if request.user.is_authenticated else ratelimits.client_ip(request)
    if not ratelimits.hit("rt-catch-up", key, CATCH_UP_RATE):
        response = JsonResponse({"error": _("Too many requests; try again shortly.")}, status=429)
        response["Retry-After"] = str(ratelimits.retry_after(CATCH_UP_RATE))
        return response
    number = min(number, MAX_NUMBER)
    last = thread.post_count  # read before the posts: every number up to it is committed
    posts = list(
        posts_for_thread(thread=thread, viewer=request.user).filter(number__gt=number, number__lte=last)[
            : CATCH_UP_LIMIT + 1
        ]
    )
    more = len(posts) > CATCH_UP_LIMIT
    posts = posts[:CATCH_UP_LIMIT]
    annotate_viewer_reactions(posts, request.user)
    flags = _viewer_flags(request.user, thread)
    items = []
    for post in posts:
        post.thread = thread
        _set_post_flags(post, request.user, flags)
        html = render_to_string(
            POST_TEMPLATE, {**post_fragment_context(post, request=request), "can_reply": flags["reply"]}, request
        )
        items.append({"number": post.number, "id": post.pk, "html": html})
    covered = posts[-1].number if more else max(last, number)
    return JsonResponse({"thread_id": thread.pk, "covered": covered, "more": more, "posts": items})


def _viewer_flags(viewer, thread):
    community = thread.community
    return {
        "reply": dp.can_reply(viewer, thread),
        "moderate": cp.can_moderate_community(viewer, community),
        "react": viewer.is_authenticated and cp.can_react_in_community(viewer, community),
        "accept": dp.can_accept_answer(viewer, thread),
    }


def _set_post_flags(post, viewer, flags):
    """The same per-viewer controls the thread page computes (this answer is per viewer anyway)."""
    own = viewer.is_authenticated and post.author_id == viewer.pk
    post.can_edit = not post.is_deleted and (own or flags["moderate"]) and dp.can_edit_post(viewer, post)
    post.can_react = flags["react"] and not own and post.status == PostStatus.PUBLISHED and not post.is_deleted
    post.can_accept = flags["accept"] and post.number > 1 and post.status == PostStatus.PUBLISHED

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
from discussions import permissions as dp
from discussions.models import Thread
from discussions.pushes import POST_TEMPLATE
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
    for post in posts:
        post.thread = thread
    # The controls of the thread page, from the same rights (this answer is per viewer).
    dp.set_post_rights(posts, dp.thread_rights(request.user, thread))
    context = {"thread": thread, "community": thread.community}
    items = [
        {
            "number": post.number,
            "id": post.pk,
            "html": render_to_string(POST_TEMPLATE, {**context, "post": post}, request),
        }
        for post in posts
    ]
    covered = posts[-1].number if more else max(last, number)
    return JsonResponse({"thread_id": thread.pk, "covered": covered, "more": more, "posts": items})

"""The composer's server side: drafts saved as the member types, and quotes fetched inline.

JSON in both directions; errors are ``{"error": ..., "field": ...}`` with a 4xx status.
"""

from functools import wraps

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

import ratelimits
from discussions import permissions as dp
from discussions import services
from discussions.services import PostingError
from discussions.views.common import error_json, get_community, get_post, get_thread
from discussions.views.threads import _quote_markdown


def _json_404(view):
    """A thread or post the viewer may not see answers like a missing one, in JSON."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"error": _("This page does not exist."), "field": None}, status=404)

    return wrapper


def _signed_in(request):
    if request.user.is_authenticated:
        return None
    return error_json(PostingError(_("Sign in to keep a draft."), status=401))


def _reply_to_number(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _save(request, *, community, thread=None):
    if not ratelimits.hit("discussions-draft", str(request.user.pk), "240/m"):
        return error_json(PostingError(_("Drafts are saved too often; wait a moment."), status=429, retry_after=10))
    try:
        if request.POST.get("discard"):
            services.draft_discard(user=request.user, community=community, thread=thread)
            return JsonResponse({"saved": False, "discarded": True})
        draft = services.draft_save(
            user=request.user, community=community, thread=thread, body=request.POST.get("body", ""),
            title=request.POST.get("title", ""), reply_to_number=_reply_to_number(request.POST.get("reply_to_number")),
        )  # fmt: skip
    except PostingError as error:
        return error_json(error)
    if draft is None:
        return JsonResponse({"saved": False, "discarded": True})
    return JsonResponse({"saved": True, "updated_at": draft.updated_at.isoformat()})


@_json_404
@require_POST
def thread_draft(request, community, thread_id):
    """Save (or with ``discard=1`` forget) the member's reply draft in this thread."""
    if (denied := _signed_in(request)) is not None:
        return denied
    thread = get_thread(request, community, thread_id)
    return _save(request, community=thread.community, thread=thread)


@_json_404
@require_POST
def new_thread_draft(request, community):
    """Save (or forget) the member's draft of a new thread in this community."""
    if (denied := _signed_in(request)) is not None:
        return denied
    community = get_community(request, community)
    return _save(request, community=community)


@_json_404
@require_GET
def post_quote(request, community, thread_id, number):
    """The markdown that quotes post ``number``, for the composer to insert at the cursor."""

    if (denied := _signed_in(request)) is not None:
        return denied
    thread = get_thread(request, community, thread_id)
    post = get_post(request, thread, number)
    if not dp.can_quote_post(request.user, post):
        return error_json(PostingError(_("You cannot reply in this thread."), status=403))
    return JsonResponse({"markdown": _quote_markdown(post), "reply_to": post.pk, "number": post.number})

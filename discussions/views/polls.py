"""Voting in a thread's poll (form POST, or JSON for scripts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions.forms import PollVoteForm
from discussions.models import Poll
from discussions.polls import poll_for_viewer
from discussions.services import PostingError
from discussions.services.polls import poll_vote
from discussions.views.common import error_json, get_thread, wants_json
from discussions.views.threads import thread_page


@login_required
@require_POST
def poll_vote_view(request, community, thread_id):
    thread = get_thread(request, community, thread_id)
    try:
        poll = thread.poll
    except Poll.DoesNotExist:
        raise Http404 from None
    poll.thread = thread
    form = PollVoteForm(request.POST, poll_view=poll_for_viewer(poll=poll, viewer=request.user))
    error = None
    if form.is_valid():
        try:
            poll_vote(voter=request.user, poll=poll, option_ids=form.cleaned_data["options"])
        except PostingError as refused:
            error = refused
    else:
        error = PostingError(" ".join(e for errs in form.errors.values() for e in errs), field="options")
    if error is not None:
        if wants_json(request):
            return error_json(error)

        messages.error(request, error.message)
        return thread_page(request, thread, status=error.status)
    if wants_json(request):
        view = poll_for_viewer(poll=poll, viewer=request.user)
        return JsonResponse(
            {"voters": poll.voter_count, "counts": {str(o.pk): o.vote_count for o in view.options},
             "mine": [o.pk for o in view.options if o.mine]}
        )  # fmt: skip
    messages.success(request, _("Your vote was recorded."))
    return redirect(f"{thread.get_absolute_url()}#poll")

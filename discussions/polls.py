"""Polls for one reader (what the page shows) and their live counts over the thread's socket."""

import logging
import time
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from discussions import permissions as dp
from discussions.models import Poll, PollOption, PollVote
from realtime import groups, push

logger = logging.getLogger(__name__)


@dataclass
class PollView:
    poll: Poll
    options: list = field(default_factory=list)
    has_voted: bool = False
    can_vote: bool = False
    show_results: bool = False
    closed: bool = False

    @property
    def total_votes(self):
        return sum(option.vote_count for option in self.options)


def poll_for_viewer(*, poll, viewer) -> PollView:
    """The poll's options (in order) with the viewer's choices and what they may see (1 query)."""
    options = PollOption.objects.filter(poll=poll).order_by("position")
    if viewer.is_authenticated:
        options = options.annotate(mine=Exists(PollVote.objects.filter(option=OuterRef("pk"), user=viewer)))
    options = list(options)
    has_voted = any(getattr(option, "mine", False) for option in options)
    view = PollView(poll=poll, options=options, has_voted=has_voted, closed=poll.is_closed())
    view.can_vote = dp.can_vote_in_poll(viewer, poll)
    view.show_results = dp.can_see_poll_results(viewer, poll, has_voted=has_voted)
    total = max(1, sum(option.vote_count for option in options))
    for option in options:
        option.percent = round(100 * option.vote_count / total) if view.show_results else 0
        option.mine = bool(getattr(option, "mine", False))
    return view


def has_voted(poll_id, user_id) -> bool:
    return bool(user_id) and PollVote.objects.filter(poll_id=poll_id, user_id=user_id).exists()


def poll_event(poll) -> dict:
    options = list(PollOption.objects.filter(poll=poll).order_by("position").values_list("pk", "vote_count"))
    return {
        "type": "thread.poll",
        "poll_id": poll.pk,
        "voters": poll.voter_count,
        "closed": poll.is_closed(),
        "counts": {str(pk): count for pk, count in options},
        "at": time.time(),
    }


def broadcast_poll_results(poll_id) -> None:
    """New counts of a poll to its thread's readers (each socket shows them only when allowed)."""
    try:
        poll = Poll.objects.get(pk=poll_id)
        event = poll_event(poll)
    except Exception:
        logger.exception("Realtime: could not prepare poll %s", poll_id)
        return
    push.send(groups.thread(poll.thread_id), event)

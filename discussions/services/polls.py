"""Polls in a thread's opening post: creation (with the thread) and voting."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from discussions import permissions as dp
from discussions.models import (
    POLL_LABEL_MAX,
    POLL_OPTIONS_MAX,
    POLL_OPTIONS_MIN,
    Poll,
    PollKind,
    PollOption,
    PollVote,
)
from discussions.polls import broadcast_poll_results
from discussions.services.rules import PostingError
from hub.effects import on_commit


@dataclass(frozen=True)
class PollSpec:
    """A checked poll, ready to be stored with its thread."""

    question: str
    options: tuple
    kind: str = PollKind.SINGLE
    closes_at: object = None


def poll_clean(*, question, options, kind=PollKind.SINGLE, closes_at=None, now=None) -> PollSpec:
    """Check a poll's question, options (2-20, distinct), kind and closing time."""
    now = now or timezone.now()
    question = " ".join((question or "").replace("\x00", "").split())
    if not question:
        raise PostingError(_("A poll needs a question."), field="poll_question")
    if len(question) > POLL_LABEL_MAX:
        raise PostingError(
            _("The poll question has at most %(n)d characters.") % {"n": POLL_LABEL_MAX}, field="poll_question"
        )
    labels, seen = [], set()
    for raw in options:
        label = " ".join((raw or "").replace("\x00", "").split())
        if not label:
            continue
        if len(label) > POLL_LABEL_MAX:
            raise PostingError(
                _("Each poll option has at most %(n)d characters.") % {"n": POLL_LABEL_MAX}, field="poll_options"
            )
        if label.casefold() in seen:
            raise PostingError(_("The option “%(label)s” is listed twice.") % {"label": label}, field="poll_options")
        seen.add(label.casefold())
        labels.append(label)
    if not POLL_OPTIONS_MIN <= len(labels) <= POLL_OPTIONS_MAX:
        raise PostingError(
            _("A poll has between %(min)d and %(max)d options, one per line.")
            % {"min": POLL_OPTIONS_MIN, "max": POLL_OPTIONS_MAX},
            field="poll_options",
        )
    if kind not in PollKind.values:
        raise PostingError(_("Unknown kind of poll."), field="poll_kind")
    if closes_at is not None and closes_at <= now:
        raise PostingError(_("The closing time must be in the future."), field="poll_closes_at")
    return PollSpec(question=question, options=tuple(labels), kind=kind, closes_at=closes_at)


def poll_create(*, thread, spec: PollSpec) -> Poll:
    """Store a checked poll for ``thread`` (called inside the thread's creating transaction)."""
    poll = Poll.objects.create(thread=thread, question=spec.question, kind=spec.kind, closes_at=spec.closes_at)
    PollOption.objects.bulk_create(
        [PollOption(poll=poll, position=i, label=label) for i, label in enumerate(spec.options, start=1)]
    )
    return poll


def poll_vote(*, voter, poll, option_ids) -> Poll:
    """Record (or replace) ``voter``'s choice; one option for a single-choice poll, any for a multiple one.

    Counters change with F() in the same transaction; the new counts are pushed on commit.
    """

    if not dp.can_view_thread(voter, poll.thread):
        raise Http404
    if poll.is_closed():
        raise PostingError(_("This poll is closed."), status=403)
    if not dp.can_vote_in_poll(voter, poll):
        raise PostingError(_("Only members who may reply can vote in this poll."), status=403)
    chosen = sorted({int(pk) for pk in option_ids})
    if not chosen:
        raise PostingError(_("Choose an option."), field="options")
    if poll.kind == PollKind.SINGLE and len(chosen) > 1:
        raise PostingError(_("This poll takes one choice."), field="options")
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        valid = set(PollOption.objects.filter(poll=locked, pk__in=chosen).values_list("pk", flat=True))
        if len(valid) != len(chosen):
            raise PostingError(
                ngettext("That option is not part of this poll.", "Those options are not part of this poll.",
                         len(chosen) - len(valid)),
                field="options",
            )  # fmt: skip
        before = set(PollVote.objects.filter(poll=locked, user=voter).values_list("option_id", flat=True))
        removed, added = before - valid, valid - before
        if removed:
            PollVote.objects.filter(poll=locked, user=voter, option_id__in=removed).delete()
            PollOption.objects.filter(pk__in=removed).update(vote_count=F("vote_count") - 1)
        if added:
            PollVote.objects.bulk_create([PollVote(poll=locked, user=voter, option_id=pk) for pk in added])
            PollOption.objects.filter(pk__in=added).update(vote_count=F("vote_count") + 1)
        if not before:
            Poll.objects.filter(pk=locked.pk).update(voter_count=F("voter_count") + 1)
        if removed or added:
            on_commit(broadcast_poll_results, locked.pk)
    poll.refresh_from_db(fields=["voter_count"])
    return poll

"""Small per-person actions on posts and threads: reactions, accepted answers, reading, subscriptions."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import permissions as cp
from communities.models import Membership, MembershipStatus, NotificationLevel
from discussions import permissions as dp
from discussions.models import (
    Post,
    PostStatus,
    Reaction,
    ReactionKind,
    ReadState,
    SubscriptionLevel,
    Thread,
    ThreadSubscription,
)
from discussions.services import effects
from discussions.services.rules import PostingError
from hub import pagecache
from hub.i18n import deferred
from notifications.models import NotificationKind
from notifications.services import notify_many


@pagecache.write_scope("post")
def reaction_toggle(*, user, post, kind) -> bool:
    """Add or remove ``user``'s reaction of ``kind``; counts change in the same transaction. True = now on."""
    if kind not in ReactionKind.values:
        raise PostingError(_("Unknown reaction."), field="kind")
    if not dp.can_view_post(user, post):
        raise PostingError(_("This post does not exist."), status=404)
    if not dp.can_react(user, post) or post.is_deleted or post.status != PostStatus.PUBLISHED:
        raise PostingError(_("You cannot react to this post."), status=403)
    if post.author_id == user.pk:
        raise PostingError(_("You cannot react to your own post."), status=400)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        counts = {k: int(v) for k, v in (locked.reaction_counts or {}).items() if k in ReactionKind.values}
        deleted, _details = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
        if deleted:
            counts[kind] = max(0, counts.get(kind, 0) - 1)
            active = False
        else:
            try:
                with transaction.atomic():
                    Reaction.objects.create(post=post, user=user, kind=kind)
            except IntegrityError:  # a concurrent identical click won
                return True
            counts[kind] = counts.get(kind, 0) + 1
            active = True
        counts = {k: v for k, v in counts.items() if v}
        Post.objects.filter(pk=post.pk).update(reaction_counts=counts)
        post.reaction_counts = counts
        if active and post.author_id:
            total = sum(counts.values())
            notify_many(
                kind=NotificationKind.REACTION, recipient_ids=[post.author_id], actor_id=user.pk,
                community_id=post.thread.community_id, url=post.get_absolute_url(), group_key=f"reactions:{post.pk}",
                text=(
                    deferred(gettext_lazy("%(name)s reacted to your post in “%(title)s”"), name=user.name, title=post.thread.title)
                    if total == 1
                    else deferred(gettext_lazy("%(n)d reactions to your post in “%(title)s”"), n=total, title=post.thread.title)
                ),
                data={"thread_id": post.thread_id, "post_id": post.pk, "count": total},
            )  # fmt: skip
        effects.push_reactions(post)
    return active


def answer_accept(*, actor, thread, post=None) -> Thread:
    """Mark ``post`` as the accepted answer of a question (None clears it)."""
    if not dp.can_accept_answer(actor, thread):
        raise PostingError(_("Only the person who asked or a moderator can accept an answer."), status=403)
    if post is not None:
        if post.thread_id != thread.pk or post.number == 1:
            raise PostingError(_("Choose a reply of this question."), field="post")
        if post.is_deleted or post.is_hidden or post.status != PostStatus.PUBLISHED:
            raise PostingError(_("This post cannot be the accepted answer."), field="post")
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(accepted_answer=post)
        previous = thread.accepted_answer_id
        thread.accepted_answer = post
        if post is not None and post.pk != previous and post.author_id:
            notify_many(
                kind=NotificationKind.ACCEPTED_ANSWER, recipient_ids=[post.author_id], actor_id=actor.pk,
                community_id=thread.community_id, url=post.get_absolute_url(),
                text=deferred(gettext_lazy("Your answer to “%(title)s” was accepted"), title=thread.title[:200]),
                data={"thread_id": thread.pk, "post_id": post.pk},
            )  # fmt: skip
        effects.push_thread_updated(thread)
    return thread


def thread_mark_read(*, user, thread, number) -> None:
    """Remember the highest post number ``user`` has seen (never goes backwards). One query."""
    if not user.is_authenticated:
        return
    number = max(0, min(int(number), thread.post_count))
    previous = getattr(thread, "my_last_read", None)
    if previous is not None and previous >= number:
        return
    ReadState.objects.bulk_create(
        [ReadState(user=user, thread=thread, last_read_number=number, updated_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["last_read_number", "updated_at"],
    )


def subscription_set(*, user, level, thread=None, community=None):
    """Watching / normal / muted, for one thread or (via the membership) a whole community."""
    if level not in SubscriptionLevel.values:
        raise PostingError(_("Unknown notification level."), field="level")
    if thread is not None:
        if not user.is_authenticated or not dp.can_view_thread(user, thread):
            raise PostingError(_("This thread does not exist."), status=404)
        sub, _created = ThreadSubscription.objects.update_or_create(user=user, thread=thread, defaults={"level": level})
        return sub
    if community is None:
        raise PostingError(_("Choose a thread or a community."))
    membership = cp.get_membership(user, community)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise PostingError(_("Only members can change their notifications for this community."), status=403)
    Membership.objects.filter(pk=membership.pk).update(notification_level=NotificationLevel(level))
    membership.notification_level = level
    return membership

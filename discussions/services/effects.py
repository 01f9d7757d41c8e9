"""What follows a published post: mentions, counters, notifications, realtime pushes."""

import logging
import re

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.permissions import profiles_visible_to
from communities.models import Membership, MembershipStatus, NotificationLevel
from discussions import permissions as dp
from discussions import pushes
from discussions.counters import post_published
from discussions.models import Mention, Post, PostStatus, SubscriptionLevel, ThreadSubscription
from hub.effects import on_commit
from hub.i18n import deferred
from markup import plain_text
from notifications.models import NotificationKind
from notifications.services import notify_many

# @handle, not part of an email address or a word; handles are letters, digits, _ . -
MENTION_RE = re.compile(r"(?<![\w@/`])@([A-Za-z0-9_][A-Za-z0-9_.\-]{0,149})")
_CODE_RE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.S)
MAX_MENTIONS = 20
EXCERPT = 280  # characters of the post shown in a notification and its email
logger = logging.getLogger(__name__)


def mentioned_usernames(body: str) -> list[str]:
    """Handles mentioned in ``body`` outside code, in order, without duplicates."""
    text = _CODE_RE.sub(" ", body or "")
    seen = []
    for match in MENTION_RE.finditer(text):
        name = match.group(1).rstrip(".-").lower()
        if name and name not in seen:
            seen.append(name)
    return seen[:MAX_MENTIONS]


def mentioned_users(body: str, *, author=None):
    """Members ``@mentioned`` in ``body`` whom ``author`` may see (a hidden profile is not
    linked and not notified: the author could not have found that member)."""

    names = mentioned_usernames(body)
    if not names:
        return []
    User = get_user_model()
    return list(profiles_visible_to(author, User.objects.filter(username__in=names, is_active=True)))


def link_mentions(body: str, users) -> str:
    """Turn ``@handle`` of existing members into profile links (outside code)."""
    if not users:
        return body
    known = {u.username.lower(): u for u in users}
    parts = []
    last = 0
    for code in _CODE_RE.finditer(body):
        parts.append((body[last : code.start()], True))
        parts.append((code.group(0), False))
        last = code.end()
    parts.append((body[last:], True))

    def repl(match):
        user = known.get(match.group(1).rstrip(".-").lower())
        if user is None:
            return match.group(0)
        handle = match.group(1).rstrip(".-")
        rest = match.group(1)[len(handle) :]
        return f"[@{handle}]({user.get_absolute_url()}){rest}"

    return "".join(MENTION_RE.sub(repl, text) if plain else text for text, plain in parts)


def record_mentions(post, users, *, previous=()):
    """Mention rows for people who can read the thread; returns the newly mentioned users."""
    previous = set(previous)
    new = []
    for user in users:
        if user.pk == post.author_id or user.pk in previous:
            continue
        if not dp.can_view_thread(user, post.thread):
            continue
        new.append(user)
    Mention.objects.bulk_create([Mention(post=post, user=u) for u in new], ignore_conflicts=True)
    return new


def _levels(thread, user_ids):
    """Effective notification level per user: thread subscription, else community level, else normal."""
    levels = dict.fromkeys(user_ids, NotificationLevel.NORMAL)
    for uid, level in Membership.objects.filter(community=thread.community_id, user_id__in=user_ids).values_list(
        "user_id", "notification_level"
    ):
        levels[uid] = level
    for uid, level in ThreadSubscription.objects.filter(thread=thread, user_id__in=user_ids).values_list(
        "user_id", "level"
    ):
        levels[uid] = level
    return levels


def _watchers(thread, *, new_thread):
    """Users who asked for every post: thread watchers, community watchers (minus thread mutes)."""
    ids = set(
        ThreadSubscription.objects.filter(thread=thread, level=SubscriptionLevel.WATCH).values_list(
            "user_id", flat=True
        )
    )
    ids |= set(
        Membership.objects.filter(
            community=thread.community_id, status=MembershipStatus.ACTIVE, notification_level=NotificationLevel.WATCH
        ).values_list("user_id", flat=True)
    )
    if not new_thread:
        ids -= set(
            ThreadSubscription.objects.filter(
                thread=thread, level__in=[SubscriptionLevel.MUTE, SubscriptionLevel.NORMAL]
            ).values_list("user_id", flat=True)
        )
    return ids


def quoted_posts(post, limit=5):
    """Earlier posts of the same thread that ``post`` quotes by permalink (their authors are told)."""
    pattern = re.compile(rf"/t/{post.thread_id}/p/(\d{{1,9}})/")
    numbers = {int(n) for n in pattern.findall(post.body or "")} - {post.number}
    if not numbers:
        return []
    return list(
        Post.objects.filter(thread_id=post.thread_id, number__in=sorted(numbers)[:limit], author__isnull=False)
        .exclude(author_id=post.author_id)
        .select_related("author")
    )


def notify_new_post_mentions_only(post, mentioned, *, key=None):
    """Tell mentioned readers (already filtered by record_mentions), after commit; returns their ids."""
    told = {user.pk for user in mentioned} - {post.author_id}
    if told:
        author = post.author
        notify_many(
            kind=NotificationKind.MENTION, recipient_ids=sorted(told), actor_id=post.author_id,
            community_id=post.thread.community_id, url=post.get_absolute_url(),
            text=deferred(
                gettext_lazy("%(name)s mentioned you in “%(title)s”"),
                name=author.name if author else gettext_lazy("Someone"), title=post.thread.title[:120],
            ),
            data={"thread_id": post.thread_id, "post_id": post.pk, "excerpt": plain_text(post.body_html, EXCERPT)},
            key=key,
        )  # fmt: skip
    return told


def notify_new_post(post, mentioned):
    """After commit, off the request: tell the people a new post concerns (post_notify)."""
    on_commit(_post_notify_later, post.pk, sorted({user.pk for user in mentioned}))


def _post_notify_later(post_id, mentioned_ids):
    if post_notify_task.delay(post_id, mentioned_ids) is None:
        post_notify(post_id, mentioned_ids)  # the broker refused it: tell people now, after commit


@shared_task(
    name="discussions.post_notify", acks_late=True, ignore_result=True, autoretry_for=(OperationalError,),
    retry_backoff=True, max_retries=5,
)  # fmt: skip
def post_notify_task(post_id, mentioned_ids):
    """Idempotent: each notify_many call of post_notify names its event, so a rerun tells no one twice."""
    post_notify(post_id, mentioned_ids)


def post_notify(post_id, mentioned_ids) -> None:
    """One notification per person per post, the most specific kind winning: mentions, then
    replies to or quotes of someone's post, then the thread's author, then watchers."""
    post = (
        Post.objects.select_related("thread__community", "thread__author", "author", "reply_to__author")
        .filter(pk=post_id, status=PostStatus.PUBLISHED)
        .first()
    )
    if post is None or post.is_deleted:
        return
    thread = post.thread
    User = get_user_model()
    mentioned = list(User.objects.filter(pk__in=mentioned_ids, is_active=True)) if mentioned_ids else []
    done = {post.author_id} | notify_new_post_mentions_only(post, mentioned, key=f"post:{post.pk}:mention")

    candidates = []
    if post.reply_to_id and post.reply_to and post.reply_to.author_id:
        candidates.append((post.reply_to.author, NotificationKind.POST_REPLY))
    for quoted in quoted_posts(post):
        candidates.append((quoted.author, NotificationKind.POST_REPLY))
    if post.number > 1 and thread.author_id:
        candidates.append((thread.author, NotificationKind.REPLY))
    watcher_ids = _watchers(thread, new_thread=post.number == 1) - done
    watchers = list(User.objects.filter(pk__in=watcher_ids, is_active=True)) if watcher_ids else []
    ids = {u.pk for u, _k in candidates} | {u.pk for u in watchers}
    levels = _levels(thread, ids) if ids else {}
    watched = NotificationKind.WATCHED_THREAD if post.number == 1 else NotificationKind.WATCHED_REPLY
    by_kind = {}
    for user, kind in candidates + [(w, watched) for w in watchers]:
        if user.pk in done or levels.get(user.pk) == SubscriptionLevel.MUTE:
            continue
        done.add(user.pk)
        if dp.can_view_post(user, post):
            by_kind.setdefault(kind, []).append(user.pk)
    author = post.author
    author_name = author.name if author else gettext_lazy("Someone")
    data = {"thread_id": thread.pk, "post_id": post.pk, "excerpt": plain_text(post.body_html, EXCERPT)}
    for kind, recipient_ids in by_kind.items():
        notify_many(
            kind=kind, recipient_ids=recipient_ids, actor_id=post.author_id, community_id=thread.community_id,
            url=post.get_absolute_url(), text=deferred(NEW_POST_TEXT[kind], name=author_name, title=thread.title[:120]),
            data=data, key=f"post:{post.pk}:{kind}",
        )  # fmt: skip


NEW_POST_TEXT = {
    NotificationKind.POST_REPLY: gettext_lazy("%(name)s replied to your post in “%(title)s”"),
    NotificationKind.REPLY: gettext_lazy("%(name)s replied to “%(title)s”"),
    NotificationKind.WATCHED_REPLY: gettext_lazy("%(name)s posted in “%(title)s”"),
    NotificationKind.WATCHED_THREAD: gettext_lazy("%(name)s started “%(title)s”"),
}


def publish_effects(post, mentioned, *, now=None):
    """Counters, notifications and the realtime push of a post that just became visible."""
    now = now or timezone.now()
    thread = post.thread
    is_reply = post.number > 1
    post_published(post, now=now)
    notify_new_post(post, mentioned)
    if not is_reply:
        on_commit(pushes.broadcast_thread_created, thread.pk)


# Realtime pushes, after commit (hub.effects logs a failure; it never reaches the writer).
# They take ids: each broadcast loads the committed post once, with what the fragment reads.


def push_post_created(post):
    """Every reply number is announced once (readers who may not see it get a stub)."""
    on_commit(pushes.broadcast_post_created, post.pk)


def push_post_updated(post):
    on_commit(pushes.broadcast_post_updated, post.pk)


def push_post_localised(post_id):
    """After its remote images were copied (already committed): show the post with them."""
    on_commit(pushes.broadcast_post_updated, post_id)


def push_reactions(post):
    on_commit(pushes.broadcast_reactions, post.pk)


def push_thread_updated(thread):
    on_commit(pushes.broadcast_thread_updated, thread.pk)

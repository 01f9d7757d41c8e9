"""Demo notifications (seeded after the discussions they point at): the demo member and moderator find a few real ones waiting."""

import datetime

from django.utils import timezone

from accounts.models import User
from communities.models import Membership, MembershipStatus
from discussions.models import Post, PostStatus
from notifications.models import Notification, NotificationKind

KINDS = [
    (NotificationKind.REPLY, "%(name)s replied to “%(title)s”"),
    (NotificationKind.MENTION, "%(name)s mentioned you in “%(title)s”"),
    (NotificationKind.POST_REPLY, "%(name)s replied to your post in “%(title)s”"),
    (NotificationKind.REACTION, "3 people found your post in “%(title)s” insightful"),
    (NotificationKind.WATCHED_REPLY, "%(name)s posted in “%(title)s”"),
    (NotificationKind.ACCEPTED_ANSWER, "Your answer to “%(title)s” was accepted"),
]


def seed(*, stdout):
    created = 0
    now = timezone.now()
    for email in ("member@example.org", "moderator@example.org"):
        user = User.objects.filter(email=email).first()
        if user is None or Notification.objects.filter(recipient=user, data__demo=True).exists():
            continue
        community_ids = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list(
            "community_id", flat=True
        )
        posts = list(
            Post.objects.filter(
                thread__community_id__in=community_ids,
                thread__is_hidden=False,
                status=PostStatus.PUBLISHED,
                is_hidden=False,
                number__gt=1,
            )
            .exclude(author=user)
            .exclude(author__isnull=True)
            .select_related("thread__community", "author")
            .order_by("thread_id", "number")[: len(KINDS) * 3 : 3]
        )
        for i, ((kind, text), post) in enumerate(zip(KINDS, posts, strict=False)):
            Notification.objects.create(
                recipient=user,
                actor=post.author,
                kind=kind,
                text=(text % {"name": post.author.name, "title": post.thread.title[:120]})[:300],
                url=post.get_absolute_url(),
                community=post.thread.community,
                data={"demo": True, "thread_id": post.thread_id, "post_id": post.pk},
                created_at=now - datetime.timedelta(hours=5 * i + 1),
                read_at=None if i < 4 else now,
            )
            created += 1
    stdout.write(f"notifications: {created} created")

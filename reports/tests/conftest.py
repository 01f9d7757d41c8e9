import datetime

import pytest

from accounts.tests.factories import UserFactory
from communities.models import Community, Membership, MembershipStatus, Role
from discussions.models import Post, Thread

T0 = datetime.datetime(2026, 11, 2, 0, 0, tzinfo=datetime.UTC)
H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)


class World:
    """A hand-built community with known answers (see test_metrics.py)."""

    def __init__(self):
        self.community = Community.objects.create(slug="wetlands", name="Wetlands")
        self.other = Community.objects.create(slug="floods", name="Floods")
        self.a = UserFactory(display_name="Ana Owner", country="PE", sector="government")
        self.b = UserFactory(display_name="Bello", country="NG", sector="academia")
        self.c = UserFactory(display_name="Chen", country="CN", sector="academia")
        self.d = UserFactory(display_name="Dorji", country="BT", sector="civil_society")
        self.n = UserFactory(display_name="Nadia Newcomer", country="JO", sector="business")
        self.mod = self.join(self.a, T0 - 60 * D, role=Role.OWNER)
        for user in (self.b, self.c, self.d):
            self.join(user, T0 - 30 * D)
        self.join(self.n, T0 + 2 * D)
        self.start, self.end = T0, T0 + 7 * D

        self.thread(self.a, T0 - 10 * D, [])  # earlier activity: Ana is a returning poster
        t1 = self.thread(self.a, T0 + H, [(self.b, 3 * H, None), (self.c, 5 * H, 2), (self.d, 6 * H, None)])
        self.thread(self.b, T0 + D, [(self.a, D + 10 * H, None)])
        self.thread(self.c, T0 + 2 * D, [(self.a, 5 * D, None)])
        self.thread(self.n, T0 + 3 * D, [])
        self.t1 = t1
        # Noise elsewhere and hidden content never counts.
        self.thread(self.b, T0 + H, [(self.c, 2 * H, None)], community=self.other)
        hidden = self.thread(self.d, T0 + 4 * D, [(self.b, 4 * D + H, None)])
        hidden.is_hidden = True
        hidden.save(update_fields=["is_hidden"])

    def join(self, user, when, role=Role.MEMBER, community=None):
        return Membership.objects.create(
            user=user, community=community or self.community, role=role, status=MembershipStatus.ACTIVE, joined_at=when
        )

    def thread(self, author, when, replies, community=None):
        """replies: [(author, offset from T0, reply_to number or None)]."""
        thread = Thread.objects.create(
            community=community or self.community, author=author, title="A thread title", slug="t", created_at=when
        )
        posts = {1: Post.objects.create(thread=thread, number=1, author=author, body="x", created_at=when)}
        for number, (replier, offset, reply_to) in enumerate(replies, start=2):
            posts[number] = Post.objects.create(
                thread=thread,
                number=number,
                author=replier,
                body="y",
                created_at=T0 + offset,
                reply_to=posts.get(reply_to),
            )
        thread.post_count = len(posts)
        thread.reply_count = len(posts) - 1
        thread.save(update_fields=["post_count", "reply_count"])
        return thread


@pytest.fixture
def world(db):
    return World()

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Community, Membership, MembershipStatus, Role
from discussions.models import Post, Thread


@pytest.fixture
def make_community(db):
    counter = {"n": 0}

    def make(**kwargs):
        counter["n"] += 1
        defaults = {"slug": f"water-{counter['n']}", "name": f"Water community {counter['n']}"}
        defaults.update(kwargs)
        return Community.objects.create(**defaults)

    return make


@pytest.fixture
def join(db):
    def make(user, community, role=Role.MEMBER, **kwargs):
        return Membership.objects.create(
            user=user,
            community=community,
            role=role,
            status=MembershipStatus.ACTIVE,
            joined_at=timezone.now(),
            **kwargs,
        )

    return make


@pytest.fixture
def make_thread(db):
    def make(community, author, title="Drought early warning in the Sahel", posts=1, when=None, **kwargs):
        when = when or timezone.now()
        thread = Thread.objects.create(
            community=community, author=author, title=title, slug="t", created_at=when, last_post_at=when, **kwargs
        )
        for number in range(1, posts + 1):
            Post.objects.create(
                thread=thread, number=number, author=author, body="Text", body_html="<p>Text</p>", created_at=when
            )
        thread.post_count = posts
        thread.reply_count = posts - 1
        thread.save(update_fields=["post_count", "reply_count"])
        return thread

    return make


@pytest.fixture
def member_factory(db):
    return UserFactory

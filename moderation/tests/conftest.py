"""A small world: community A (public) with a thread, moderators of A and of B, staff."""

from types import SimpleNamespace

import pytest

from accounts.tests.factories import UserFactory
from communities.models import Role
from communities.tests.factories import CommunityFactory
from discussions.tests.factories import make_thread
from moderation.tests.factories import add_member


@pytest.fixture
def world(db):
    a = CommunityFactory(name="Nile Basin Practitioners", slug="nile")
    b = CommunityFactory(name="Andean Glaciers", slug="andes")
    owner = add_member(a, role=Role.OWNER)
    mod_a = add_member(a, role=Role.MODERATOR)
    mod_b = add_member(b, role=Role.MODERATOR)
    author = add_member(a)
    members = [add_member(a) for _ in range(3)]
    staff = UserFactory(is_staff=True)
    outsider = UserFactory()
    thread = make_thread(a, author, replies=2, reply_author=members[0])
    posts = list(thread.posts.order_by("number"))
    return SimpleNamespace(
        a=a, b=b, owner=owner, mod_a=mod_a, mod_b=mod_b, author=author, members=members, staff=staff,
        outsider=outsider, thread=thread, posts=posts, reply=posts[1],
    )  # fmt: skip

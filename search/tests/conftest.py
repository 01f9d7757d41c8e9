"""Small worlds for search tests: communities of every visibility with posts in them.

Objects are made directly with the ORM (not through services) so search tests depend
only on the models' shape.
"""

import itertools

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Community, Membership, MembershipStatus, Role
from discussions.models import Post, PostStatus, Thread
from discussions.tests.factories import make_thread
from markup import render_markdown

_seq = itertools.count(1)


def make_community(*, visibility="public", name=None, **extra):
    n = next(_seq)
    return Community.objects.create(
        slug=f"community-{n}", name=name or f"Community {n}", visibility=visibility, **extra
    )


def add_member(user, community, role=Role.MEMBER, status=MembershipStatus.ACTIVE):
    return Membership.objects.create(user=user, community=community, role=role, status=status)


def make_post(*, thread, author, body, number=None, created_at=None, **extra):
    if number is None:
        number = thread.post_count + 1
        Thread.objects.filter(pk=thread.pk).update(post_count=number)
        thread.post_count = number
    return Post.objects.create(
        thread=thread,
        author=author,
        number=number,
        body=body,
        body_html=render_markdown(body),
        created_at=created_at or timezone.now(),
        status=extra.pop("status", PostStatus.PUBLISHED),
        **extra,
    )


@pytest.fixture
def world(db):
    """Three communities (public, private, hidden) with a member and a moderator each,
    a secret word in each private/hidden one, and a hidden post in the public one."""
    author = UserFactory(username="author", display_name="Amina Author")
    member = UserFactory(username="insider", display_name="Ivo Insider")
    moderator = UserFactory(username="modder", display_name="Mona Moderator")
    outsider = UserFactory(username="outsider", display_name="Otto Outsider")
    public = make_community(name="Groundwater Basin Network", tagline="Aquifers and wells")
    private = make_community(visibility="private", name="Private Irrigation Circle")
    hidden = make_community(visibility="hidden", name="Hidden Sanitation Cell")
    for community in (public, private, hidden):
        add_member(author, community)
        add_member(member, community)
        add_member(moderator, community, role=Role.MODERATOR)
    make_thread(
        community=public,
        author=author,
        title="Recharge of the aquifer",
        body="Managed aquifer recharge keeps **groundwater** levels stable in the dry season.",
    )
    make_thread(
        community=private,
        author=author,
        title="Canal schedules",
        body="The privatekeyword appears only in the private community: groundwater too.",
    )
    make_thread(
        community=hidden,
        author=author,
        title="Latrine survey",
        body="The hiddenkeyword appears only in the hidden community: groundwater again.",
    )
    open_thread = make_thread(community=public, author=author, title="Open thread", body="An opening post about wells.")
    make_post(
        thread=open_thread,
        author=author,
        body="A moderated hiddenpostword reply about groundwater.",
        is_hidden=True,
    )
    make_post(
        thread=open_thread,
        author=author,
        body="A pendingpostword reply about groundwater.",
        status=PostStatus.PENDING,
    )
    make_post(thread=open_thread, author=author, body="A deletedpostword reply.", is_deleted=True)
    hidden_thread = make_thread(
        community=public,
        author=author,
        title="Moderated thread",
        body="The hiddenthreadword thread about groundwater.",
        is_hidden=True,
    )
    return {
        "author": author,
        "member": member,
        "moderator": moderator,
        "outsider": outsider,
        "public": public,
        "private": private,
        "hidden": hidden,
        "open_thread": open_thread,
        "hidden_thread": hidden_thread,
    }

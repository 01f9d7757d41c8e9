"""discussions.permissions: per-object checks agree with their queryset twins, and the edge rules."""

import pytest
from django.utils import timezone

from communities.models import Community
from communities.tests.conftest import ROLES, build_world
from discussions import permissions as dp
from discussions import services
from discussions.models import Post, PostStatus, Thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("visibility", ["public", "private", "hidden"])
def test_queryset_twins_match_object_checks(visibility):
    w = build_world(visibility=visibility)
    author = w.user("member")
    open_thread = services.thread_create(author=author, community=w.community, title="Open thread", body="x")
    hidden = services.thread_create(author=author, community=w.community, title="Hidden thread", body="x")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    pending = Post.objects.create(thread=open_thread, number=2, author=w.user("owner"), body="p", status="pending")
    Post.objects.create(thread=open_thread, number=3, author=author, body="h", is_hidden=True)
    threads = list(Thread.objects.select_related("community"))
    posts = list(Post.objects.select_related("thread__community"))
    for role in ROLES:
        user = w.user(role)
        assert {t.pk for t in dp.threads_visible_to(user)} == {t.pk for t in threads if dp.can_view_thread(user, t)}, (
            role
        )
        assert {p.pk for p in dp.posts_visible_to(user)} == {p.pk for p in posts if dp.can_view_post(user, p)}, role
    assert dp.can_view_post(w.user("owner"), pending)
    assert not dp.can_view_post(w.user("member"), pending)


def test_edit_rules(thread, member, moderator, community, make_member):
    post = thread.posts.get()
    assert dp.can_edit_post(member, post) and dp.can_edit_post(moderator, post)
    assert not dp.can_edit_post(make_member(community), post)
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    thread.refresh_from_db()
    post.thread = thread
    assert not dp.can_edit_post(member, post)  # a locked thread is closed to its authors too
    assert dp.can_edit_post(moderator, post)
    post.is_deleted = True
    assert not dp.can_edit_post(moderator, post)
    Community.objects.filter(pk=community.pk).update(archived_at=timezone.now())
    thread.community.refresh_from_db()
    post.is_deleted = False
    assert not dp.can_edit_post(moderator, post) and not dp.can_edit_post(member, post)


def test_accept_answer_rules(question, thread, member, moderator, community, make_member):
    assert dp.can_accept_answer(member, question) and dp.can_accept_answer(moderator, question)
    assert not dp.can_accept_answer(make_member(community), question)
    assert not dp.can_accept_answer(member, thread)  # not a question


def test_react_and_reply_rules(thread, member, community, make_member, user):
    post = thread.posts.get()
    assert dp.can_react(make_member(community), post)
    assert not dp.can_react(user, post)  # signed in, not a member
    post.status = PostStatus.PENDING
    assert not dp.can_react(make_member(community), post)
    assert dp.can_reply(member, thread) and not dp.can_reply(user, thread)

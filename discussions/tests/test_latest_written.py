"""The home page's Latest, written out as SQL (``reading.thread_list_latest_top``), says what
``reading.thread_list_latest`` says: the same threads in the same order for every role and
visibility (never a private community's thread for a non-member, never a hidden thread for
someone who may not see it, never a muted or merged one), with the same unread counts (hidden,
deleted and pending posts not counted); and ``threads_visible_sql`` matches
``threads_visible_to``.  The rows shown on the home page stay each reader's own."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from communities.tests.conftest import ROLES, build_world
from discussions import reading, services
from discussions.models import Post, PostStatus, ReadState, SubscriptionLevel, Thread, ThreadSubscription
from discussions.permissions import threads_visible_sql, threads_visible_to
from discussions.tests.factories import PostFactory, make_thread
from discussions.tests.test_permissions import can_read
from hub import pagecache

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<li class="list-group-item thread-row.*?</li>\n', re.S)


@pytest.fixture
def worlds(db):
    """Three communities (public, private, hidden), each with a person in every role and
    threads in every state: open, hidden by moderators (written by the member or the owner),
    merged into another, read in part, with hidden, deleted and pending replies."""
    built = []
    start = timezone.now() - dt.timedelta(days=30)
    for i, visibility in enumerate(("public", "private", "hidden")):
        world = build_world(visibility=visibility)
        c = world.community
        owner, member = world.user("owner"), world.user("member")
        at = start + dt.timedelta(days=i)
        open_thread = make_thread(c, owner, title=f"Open {visibility}", replies=3, created_at=at)
        make_thread(c, member, title=f"Hidden, by the member, {visibility}", is_hidden=True, created_at=at)
        make_thread(c, owner, title=f"Hidden, by the owner, {visibility}", is_hidden=True, created_at=at)
        target = make_thread(c, owner, title=f"Merge target {visibility}", created_at=at + dt.timedelta(hours=1))
        make_thread(c, owner, title=f"Merged {visibility}", merged_into=target, created_at=at)
        busy = make_thread(c, owner, title=f"Busy {visibility}", replies=2, created_at=at + dt.timedelta(hours=2))
        PostFactory(thread=busy, author=owner, is_hidden=True)
        PostFactory(thread=busy, author=owner, is_deleted=True)
        PostFactory(thread=busy, author=member, status=PostStatus.PENDING)
        PostFactory(thread=busy, author=owner)
        muted = make_thread(c, owner, title=f"Muted by the member {visibility}", created_at=at)
        recent = make_thread(c, owner, title=f"Recent {visibility}", created_at=timezone.now() - dt.timedelta(hours=i))
        for role in ("member", "moderator", "staff", "banned"):
            ReadState.objects.create(user=world.user(role), thread=busy, last_read_number=1)
            ReadState.objects.create(user=world.user(role), thread=open_thread, last_read_number=4)
        ReadState.objects.create(user=world.user("owner"), thread=recent, last_read_number=1)
        ThreadSubscription.objects.create(user=member, thread=muted, level=SubscriptionLevel.MUTE)
        ThreadSubscription.objects.create(user=world.user("owner"), thread=muted, level=SubscriptionLevel.WATCH)
        built.append(world)
    return built


def viewers(worlds):
    for world in worlds:
        for role in ROLES:
            yield f"{world.community.visibility} {role}", world.user(role)


def test_threads_visible_sql_matches_threads_visible_to(worlds):
    for label, user in viewers(worlds):
        sql, params = threads_visible_sql(user, "t", "c")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.id FROM {Thread._meta.db_table} t JOIN communities_community c ON c.id = t.community_id"  # noqa: S608
                f" WHERE {sql}",
                params,
            )
            got = {row[0] for row in cursor.fetchall()}
        assert got == set(threads_visible_to(user).values_list("pk", flat=True)), label


@pytest.mark.parametrize("limit", [4, 8, 100])
def test_latest_top_matches_thread_list_latest(worlds, limit):
    for label, user in viewers(worlds):
        want = list(reading.thread_list_latest(viewer=user)[:limit])
        got = reading.thread_list_latest_top(viewer=user, limit=limit)
        assert [t.pk for t in got] == [t.pk for t in want], label
        if user.is_authenticated:
            assert [(t.my_last_read, t.unread_count) for t in got] == [
                (t.my_last_read, t.unread_count) for t in want
            ], label
        for mine, theirs in zip(got, want, strict=True):
            assert (mine.community.slug, mine.community.name, mine.last_post_at, mine.is_hidden) == (
                theirs.community.slug,
                theirs.community.name,
                theirs.last_post_at,
                theirs.is_hidden,
            ), label
            assert (mine.last_poster and mine.last_poster.name) == (theirs.last_poster and theirs.last_poster.name)


def test_latest_top_never_shows_what_its_viewer_may_not_read(worlds):
    for world in worlds:
        visibility = world.community.visibility
        for role in ROLES:
            titles = {t.title for t in reading.thread_list_latest_top(viewer=world.user(role), limit=100)}
            assert (f"Open {visibility}" in titles) == can_read(role, visibility), (visibility, role)
            assert f"Merged {visibility}" not in titles
            sees_hidden = can_read(role, visibility) and role in ("moderator", "owner", "staff")
            assert (f"Hidden, by the owner, {visibility}" in titles) == sees_hidden, (visibility, role)
            by_member = sees_hidden or (role == "member" and can_read(role, visibility))
            assert (f"Hidden, by the member, {visibility}" in titles) == by_member, (visibility, role)
            muted = f"Muted by the member {visibility}" in titles
            assert muted == (can_read(role, visibility) and role != "member"), (visibility, role)


def test_unread_counts_leave_out_hidden_deleted_and_pending_posts(worlds):
    world = worlds[0]
    got = {t.title: t.unread_count for t in reading.thread_list_latest_top(viewer=world.user("member"), limit=100)}
    # Busy: opening post + 2 replies, then a hidden, a deleted, a pending and a published one;
    # read up to #1: the two replies and the last published post are new.
    assert got["Busy public"] == 3
    assert got["Open public"] == 0  # read to the end


def test_the_home_page_shows_each_reader_their_own_badges(worlds, client):
    world = worlds[0]
    home = reverse("home")
    for _round in range(2):  # the second round serves the rows from the fragment cache
        for role, badge in (("member", "3 new posts"), ("owner", None), ("nonmember", None)):
            client.force_login(world.user(role))
            html = client.get(home).content.decode()
            row = next(row for row in ROW.findall(html) if "Busy public" in row)
            assert (badge in row) if badge else ("new post" not in row), (role, row)
            recent = next(row for row in ROW.findall(html) if "Recent public" in row)
            assert (">new</span>" in recent) == (role != "owner"), role  # the owner opened it
    assert [key for key in pagecache.cache._cache if "frag:latestrow:" in key]  # noqa: SLF001


def test_the_home_page_never_shows_a_private_thread_to_a_non_member(worlds):
    for world in worlds:
        visibility = world.community.visibility
        for role in ROLES:
            html = world.client(role).get(reverse("home")).content.decode()
            if role == "anonymous":
                assert f"Recent {visibility}" not in html  # no Latest block for anonymous visitors
                continue
            assert (f"Recent {visibility}" in html) == can_read(role, visibility), (visibility, role)


def test_a_reply_changes_the_home_row_for_everyone(worlds, client):
    world = worlds[0]
    thread = Thread.objects.get(title="Recent public")
    client.force_login(world.user("owner"))
    before = next(row for row in ROW.findall(client.get(reverse("home")).content.decode()) if "Recent public" in row)
    assert "0 replies" in before
    services.post_create(author=world.user("moderator"), thread=thread, body="The gauges were recalibrated.")
    after = next(row for row in ROW.findall(client.get(reverse("home")).content.decode()) if "Recent public" in row)
    assert "1 reply" in after and world.user("moderator").name in after and "1 new post" in after


def test_a_hidden_post_drops_out_of_the_home_unread_count(worlds, client):
    world = worlds[0]
    thread = Thread.objects.get(title="Busy public")
    client.force_login(world.user("member"))
    row = next(row for row in ROW.findall(client.get(reverse("home")).content.decode()) if "Busy public" in row)
    assert "3 new posts" in row
    Post.objects.filter(thread=thread, number=2).update(is_hidden=True)
    row = next(row for row in ROW.findall(client.get(reverse("home")).content.decode()) if "Busy public" in row)
    assert "2 new posts" in row

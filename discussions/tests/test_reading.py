"""Latest, suggested threads, bookmarks and reminders, the jump control and the tag filter."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.tests.factories import CommunityFactory, MembershipFactory
from discussions import reading, services
from discussions.models import Bookmark, Post, ReadState, Thread
from discussions.services.bookmarks import bookmark_reminders_send, bookmark_remove, bookmark_set
from hub import pagecache
from notifications.models import Notification, NotificationKind
from notifications.tests.helpers import committed

pytestmark = pytest.mark.django_db
LATEST_MAX_QUERIES = 8


@pytest.fixture(autouse=True)
def _fast_posting(monkeypatch, settings):
    monkeypatch.setattr("discussions.services.rules.POST_RATE", "10000/m")
    settings.NEW_MEMBER_LIMITS = {"days": 0, "accepted_posts": 0}  # the data here is built fast


def count(client, url):
    pagecache.bump()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def grow(communities, author, n):
    for i in range(n):
        thread = services.thread_create(author=author, community=communities[i % len(communities)],
                                        title=f"Basin allocation rules number {i}", body="x", tags=["allocation"])  # fmt: skip
        services.post_create(author=author, thread=thread, body=f"Reply {i}")


def test_latest_query_count_does_not_grow(client):
    communities = [CommunityFactory() for _ in range(3)]
    viewer, author = UserFactory(), UserFactory()
    for c in communities:
        MembershipFactory(user=viewer, community=c)
        MembershipFactory(user=author, community=c)
    client.force_login(viewer)
    grow(communities, author, 3)
    client.get(reverse("reading:latest"))
    small, _r = count(client, reverse("reading:latest"))
    grow(communities, author, 40)
    big, response = count(client, reverse("reading:latest"))
    assert small == big <= LATEST_MAX_QUERIES, (small, big)
    assert response.content.count(b"data-thread-id=") == reading.LATEST_PER_PAGE
    home_small, _r = count(client, reverse("home"))
    grow(communities, author, 5)
    home_big, _r = count(client, reverse("home"))
    assert home_small == home_big


def test_latest_marks_unread_and_filters(client, community, member, make_member):
    author = make_member(community)
    read = services.thread_create(author=author, community=community, title="Thread already read", body="x")
    services.thread_create(author=author, community=community, title="Thread never opened", body="x")
    ReadState.objects.create(user=member, thread=read, last_read_number=1)
    services.post_create(author=author, thread=read, body="A new reply")
    other = CommunityFactory(name="Another open basin")
    services.thread_create(author=UserFactory(is_staff=True), community=other, title="Thread elsewhere", body="x")
    client.force_login(member)
    content = client.get(reverse("reading:latest")).content.decode()
    assert "1 new post" in content and "Thread never opened" in content and "Thread elsewhere" in content
    mine = client.get(reverse("reading:latest") + "?scope=mine").content.decode()
    assert "Thread elsewhere" not in mine and "Thread already read" in mine
    ReadState.objects.filter(user=member, thread=read).update(last_read_number=2)
    unread = client.get(reverse("reading:latest") + "?unread=1").content.decode()
    assert "Thread already read" not in unread and "Thread never opened" in unread


def test_suggested_puts_unread_of_the_community_first_then_shared_tags(client, community, member, make_member):
    author = make_member(community)
    here = services.thread_create(author=author, community=community, title="Recharge pilot design", body="x",
                                  tags=["recharge", "aquifer"])  # fmt: skip
    read = services.thread_create(author=author, community=community, title="Old read thread", body="x")
    ReadState.objects.create(user=member, thread=read, last_read_number=1)
    unread = services.thread_create(author=author, community=community, title="Unread in this community", body="x")
    elsewhere = CommunityFactory()
    staff = UserFactory(is_staff=True)
    one_tag = services.thread_create(author=staff, community=elsewhere, title="Shares one tag", body="x",
                                     tags=["recharge"])  # fmt: skip
    two_tags = services.thread_create(author=staff, community=elsewhere, title="Shares two tags", body="x",
                                      tags=["recharge", "aquifer"])  # fmt: skip
    here = Thread.objects.prefetch_related("tags").get(pk=here.pk)
    titles = [t.title for t in reading.thread_list_suggested(thread=here, viewer=member)]
    assert titles == [unread.title, two_tags.title, one_tag.title]
    client.force_login(member)
    page = client.get(here.get_absolute_url()).content.decode()
    assert 'id="suggested"' in page and "Old read thread" not in page.split('id="suggested"')[1]


def test_bookmark_page_flow_and_reminder_edit(client, thread, member):
    client.force_login(member)
    url = reverse("discussions:bookmark-edit", kwargs={"community": thread.community.slug, "thread_id": thread.pk,
                                                       "number": 1})  # fmt: skip
    assert client.get(url).status_code == 200
    when = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"remind_at": when, "note": "read before the meeting"})
    assert response.status_code == 302
    bookmark = Bookmark.objects.get(user=member)
    assert bookmark.remind_at is not None and bookmark.note == "read before the meeting"
    listing = client.get(reverse("reading:bookmarks")).content.decode()
    assert thread.title in listing and "read before the meeting" in listing and "Reminder on" in listing
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"remind_at": past})
    assert response.status_code == 400 and "in the future" in response.content.decode()
    assert client.post(url, {"remind_at": "not a date"}).status_code == 400
    response = client.post(url, {"remove": "1", "next": reverse("reading:bookmarks")})
    assert response.status_code == 302 and response["Location"] == reverse("reading:bookmarks")
    assert not Bookmark.objects.exists()
    response = client.post(url, {"remove": "1", "next": "https://elsewhere.example/"})
    assert response["Location"] != "https://elsewhere.example/"


def test_bookmark_json_toggle_and_thread_page_marks(client, thread, member):
    client.force_login(member)
    url = reverse("discussions:bookmark-edit", kwargs={"community": thread.community.slug, "thread_id": thread.pk,
                                                       "number": 1})  # fmt: skip
    assert client.post(url, {}, HTTP_ACCEPT="application/json").json() == {"bookmarked": True, "number": 1}
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'data-bookmarked="1"' in page
    assert client.post(url, {"remove": "1"}, HTTP_ACCEPT="application/json").json()["bookmarked"] is False
    assert 'data-bookmarked=""' in client.get(thread.get_absolute_url()).content.decode()


def test_bookmarks_page_query_count_does_not_grow(client, community, member, make_member):
    author = make_member(community)
    client.force_login(member)

    def add(n):
        for i in range(n):
            t = services.thread_create(author=author, community=community, title=f"Tariff reform case {i}", body="x")
            bookmark_set(user=member, post=t.posts.get(number=1))

    add(2)
    client.get(reverse("reading:bookmarks"))
    small, _r = count(client, reverse("reading:bookmarks"))
    add(35)
    big, response = count(client, reverse("reading:bookmarks"))
    assert small == big <= 6, (small, big)
    assert response.content.count(b"data-bookmark-id=") == reading.BOOKMARKS_PER_PAGE


def test_reminders_notify_once_and_skip_unreadable(thread, member, make_member, community):
    post = thread.posts.get(number=1)
    later = timezone.now() + dt.timedelta(hours=2)
    bookmark_set(user=member, post=post, remind_at=later, note="budget")
    leaver = make_member(community)
    bookmark_set(user=leaver, post=post, remind_at=later)
    assert bookmark_reminders_send(now=timezone.now()) == 0
    from communities.models import Membership, MembershipStatus

    community.visibility = "private"
    community.save(update_fields=["visibility"])
    Membership.objects.filter(user=leaver).update(status=MembershipStatus.LEFT)
    with committed():
        assert bookmark_reminders_send(now=later + dt.timedelta(minutes=1)) == 1
    assert bookmark_reminders_send(now=later + dt.timedelta(minutes=2)) == 0
    note = Notification.objects.get(kind=NotificationKind.BOOKMARK_REMINDER)
    assert note.recipient == member and "budget" in note.text and note.url == post.get_absolute_url()
    assert not Notification.objects.filter(recipient=leaver).exists()
    # A new reminder time makes it due again.
    bookmark_set(user=member, post=post, remind_at=timezone.now() + dt.timedelta(minutes=5), note="budget")
    assert Bookmark.objects.get(user=member).reminded_at is None
    assert bookmark_remove(user=member, post=post) and not bookmark_remove(user=member, post=post)


def test_reminder_task_runs_the_service(thread, member):
    from discussions.tasks import bookmark_reminders_send_task

    post = thread.posts.get(number=1)
    bookmark_set(user=member, post=post, remind_at=timezone.now() + dt.timedelta(seconds=30))
    Bookmark.objects.update(remind_at=timezone.now() - dt.timedelta(seconds=1))
    assert bookmark_reminders_send_task.apply().get() == 1


def test_jump_to_number_and_date(client, thread, member):
    for i in range(3):
        services.post_create(author=member, thread=thread, body=f"Reply {i}")
    Post.objects.filter(thread=thread, number=3).update(created_at=timezone.now() + dt.timedelta(days=2))
    Post.objects.filter(thread=thread, number=4).update(created_at=timezone.now() + dt.timedelta(days=3))
    url = thread.get_absolute_url()
    response = client.get(url + "?jump=999")
    assert response.status_code == 302 and response["Location"].endswith("/p/4/")
    day = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    assert client.get(url + f"?date={day}")["Location"].endswith("/p/3/")
    assert client.get(url + "?date=2199-01-01")["Location"].endswith("/p/4/")
    assert client.get(url + "?date=garbage").status_code == 200


def test_position_indicator_only_on_long_threads(client, thread, member):
    assert b'id="thread-position"' not in client.get(thread.get_absolute_url()).content
    Post.objects.bulk_create([Post(thread=thread, number=n, author=member, body="x", body_html="<p>x</p>")
                              for n in range(2, 13)])  # fmt: skip
    Thread.objects.filter(pk=thread.pk).update(post_count=12)
    pagecache.bump()
    content = client.get(thread.get_absolute_url()).content.decode()
    assert 'id="thread-position"' in content and "Post 1 of 12" in content


def test_tag_filter_control_lists_tags_and_filters_without_js(client, community, member):
    services.thread_create(author=member, community=community, title="Drought monitoring tools", body="x",
                           tags=["drought"])  # fmt: skip
    services.thread_create(author=member, community=community, title="Flood early warning", body="x", tags=["floods"])
    url = reverse("discussions:thread-list", kwargs={"community": community.slug})
    content = client.get(url).content.decode()
    assert 'id="tag-filter"' in content and '<option value="drought">' in content
    filtered = client.get(url + "?tag=drought").content.decode()
    assert "Drought monitoring tools" in filtered and "Flood early warning" not in filtered
    assert '<option value="drought" selected>' in filtered


def test_pushed_post_carries_the_bookmark_link_for_signed_in_readers(thread):
    from discussions.pushes import load_post, render_post

    html = render_post(load_post(thread.posts.get(number=1).pk))
    # The bookmark link sits in the post's "More" menu, which only signed-in readers see.
    assert '<details class="post-more" data-action="bookmark" hidden>' in html
    assert 'bookmark/">Bookmark</a>' in html.split('class="post-more"', 1)[1]


def test_thread_page_shows_bookmark_link_to_signed_in_readers_only(client, thread, member):
    pagecache.bump()
    assert b"/bookmark/" not in client.get(thread.get_absolute_url()).content
    client.force_login(member)
    assert b"/p/1/bookmark/" in client.get(thread.get_absolute_url()).content

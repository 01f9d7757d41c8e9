"""The thread page's shared data (``selectors.shared_thread``, ``SharedPosts``): the thread and
the posts every plain reader sees are built once and shared while the thread's generation
holds; the viewer's part (membership, read state, draft, own reactions and bookmarks, their
own unlisted posts, moderators' view) is always their own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import Visibility
from communities.tests.conftest import build_world
from discussions import selectors, services
from discussions.models import Draft, PostStatus, ReactionKind
from discussions.tests.factories import BookmarkFactory, PostFactory, make_thread
from moderation import services as moderation_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    world = build_world(visibility=Visibility.PUBLIC)
    world.thread = make_thread(
        world.community,
        author=world.user("owner"),
        title="Aquifer recharge",
        replies=3,
        reply_author=world.user("member"),
    )
    world.url = world.thread.get_absolute_url()
    return world


def page(world, role):
    response = world.client(role).get(world.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_reply_shows_on_the_very_next_request(world):
    assert "Fresh data from the sub-basin" not in page(world, "member")
    services.post_create(author=world.user("moderator"), thread=world.thread, body="Fresh data from the sub-basin")
    assert "Fresh data from the sub-basin" in page(world, "member")
    assert "Fresh data from the sub-basin" in page(world, "anonymous")


def test_an_edit_and_a_hide_show_on_the_very_next_request(world):
    post = world.thread.posts.order_by("number").last()
    page(world, "pending")
    services.post_edit(actor=post.author, post=post, body="Corrected figures for the well field")
    assert "Corrected figures for the well field" in page(world, "pending")
    moderation_services.post_hide(actor=world.user("moderator"), post=post, reason="Off topic")
    assert "Corrected figures for the well field" not in page(world, "pending")


def test_ones_own_pending_post_never_reaches_another_member(world):
    pending = PostFactory(
        thread=world.thread, author=world.user("member"), body_html="<p>My draft-like pending reply</p>",
        status=PostStatus.PENDING,
    )  # fmt: skip
    for _ in range(2):  # with the shared posts stored by the first readers
        assert "My draft-like pending reply" not in page(world, "pending")
        assert "My draft-like pending reply" not in page(world, "anonymous")
        assert "My draft-like pending reply" in page(world, "member")
        assert "My draft-like pending reply" in page(world, "moderator")
    assert pending.pk


def test_a_hidden_post_reaches_moderators_only(world):
    post = world.thread.posts.order_by("number").last()
    post.body_html = "<p>Contested figures</p>"
    post.save()
    moderation_services.post_hide(actor=world.user("moderator"), post=post, reason="Check sources")
    for _ in range(2):
        assert "Contested figures" in page(world, "moderator")
        assert "Contested figures" in page(world, "member")  # its author
        assert "Contested figures" not in page(world, "pending")
        assert "Contested figures" not in page(world, "anonymous")


def test_reactions_bookmarks_and_drafts_stay_their_owners(world):
    post = world.thread.posts.order_by("number").first()
    services.reaction_toggle(user=world.user("member"), post=post, kind=ReactionKind.LIKE)
    BookmarkFactory(user=world.user("member"), post=post)
    Draft.objects.create(
        user=world.user("member"), community=world.community, thread=world.thread, body="Half-written answer"
    )
    mine = selectors.thread_get_for_viewer(
        community_slug=world.community.slug, thread_id=world.thread.pk, viewer=world.user("member")
    )
    other = selectors.thread_get_for_viewer(
        community_slug=world.community.slug, thread_id=world.thread.pk, viewer=world.user("moderator")
    )
    assert mine.my_draft_body == "Half-written answer" and other.my_draft_body is None
    member_page, owner_page = page(world, "member"), page(world, "pending")
    assert f'data-bookmarked="{post.number}"' in member_page
    assert 'data-bookmarked=""' in owner_page
    assert "Half-written answer" in member_page and "Half-written answer" not in owner_page
    posts = list(selectors.SharedPosts(world.thread)[0:20])
    selectors.attach_viewer_marks(posts, world.user("member"))
    marked = {p.pk: (p.my_reactions, p.my_bookmark) for p in posts}
    assert marked[post.pk] == ({ReactionKind.LIKE}, True)
    selectors.attach_viewer_marks(posts, world.user("pending"))
    assert {p.pk: (p.my_reactions, p.my_bookmark) for p in posts}[post.pk] == (set(), False)


def test_a_private_thread_stays_private_with_the_shared_copy_stored():
    world = build_world(visibility=Visibility.PRIVATE)
    thread = make_thread(world.community, author=world.user("owner"), title="Members-only basin data", replies=1)
    assert world.client("member").get(thread.get_absolute_url()).status_code == 200
    for role in ("nonmember", "anonymous", "pending", "banned"):
        response = world.client(role).get(thread.get_absolute_url())
        assert response.status_code in (302, 404), role
        assert "Members-only basin data" not in response.content.decode()


def test_the_shared_thread_answers_only_at_its_own_address(world):
    other = build_world(visibility=Visibility.PUBLIC).community
    page(world, "member")
    url = world.url.replace(f"/{world.community.slug}/", f"/{other.slug}/", 1)
    assert url != world.url
    response = world.client("member").get(url)
    # Not served at another community's address (an old address of a moved thread redirects).
    assert response.status_code in (302, 404) and "Aquifer recharge" not in response.content.decode()


def test_a_warm_signed_in_thread_page_costs_a_fixed_number_of_queries(world):
    client = world.client("member")
    client.get(world.url)
    with CaptureQueriesContext(connection) as first:
        client.get(world.url)
    PostFactory.create_batch(5, thread=world.thread, author=world.user("owner"))
    client.get(world.url)
    with CaptureQueriesContext(connection) as second:
        client.get(world.url)
    # Session, user, the viewer's thread state, their reactions and bookmarks, read state write
    # (only when it moves), suggested threads: nothing per post, nothing for the shared data.
    assert len(first) == len(second), [q["sql"][:80] for q in second.captured_queries]
    tables = " ".join(q["sql"] for q in second.captured_queries)
    assert "discussions_attachment" not in tables and "taggit_tag" not in tables


# --- the thread list ------------------------------------------------------------------------------


def list_page(world, role, query=""):
    from django.urls import reverse

    url = reverse("discussions:thread-list", kwargs={"community": world.community.slug}) + query
    response = world.client(role).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_hidden_thread_reaches_its_author_and_the_moderators_only(world):
    make_thread(world.community, author=world.user("member"), title="Awaiting a moderator", is_hidden=True)
    for _ in range(2):  # the shared list stored by the first readers
        assert "Awaiting a moderator" not in list_page(world, "pending")
        assert "Awaiting a moderator" not in list_page(world, "anonymous")
        assert "Awaiting a moderator" in list_page(world, "member")
        assert "Awaiting a moderator" in list_page(world, "moderator")
        assert "Awaiting a moderator" not in list_page(world, "owner", "?filter=mine")
        assert "Awaiting a moderator" in list_page(world, "member", "?filter=mine")


def test_a_new_thread_shows_in_the_list_on_the_very_next_request(world):
    assert "Sediment budgets" not in list_page(world, "member")
    services.thread_create(author=world.user("member"), community=world.community, title="Sediment budgets", body="Hi")
    assert "Sediment budgets" in list_page(world, "member")
    assert "Sediment budgets" in list_page(world, "pending")


def test_unread_counts_are_each_readers_own(world):
    reader, other = world.user("member"), world.user("pending")
    services.thread_mark_read(user=reader, thread=world.thread, number=2)
    list_page(world, "pending")  # the shared list stored by another reader
    threads = selectors.attach_unread(list(selectors.SharedThreads(world.community)[0:25]), reader)
    assert {t.pk: (t.my_last_read, t.unread_count) for t in threads}[world.thread.pk] == (2, 2)
    threads = selectors.attach_unread(list(selectors.SharedThreads(world.community)[0:25]), other)
    assert {t.pk: (t.my_last_read, t.unread_count) for t in threads}[world.thread.pk] == (None, 0)
    assert "2 new posts" in list_page(world, "member")
    assert "2 new posts" not in list_page(world, "pending")


def test_a_warm_signed_in_thread_list_costs_a_fixed_number_of_queries(world):
    from django.urls import reverse

    url = reverse("discussions:thread-list", kwargs={"community": world.community.slug})
    client = world.client("member")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(5):
        make_thread(world.community, author=world.user("owner"), title=f"More threads {n}", replies=2)
    client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    # (Session,) user, the viewer's membership, their read states of the listed threads.
    assert len(first) == len(second) <= 4, [q["sql"][:80] for q in second.captured_queries]
    assert not [q for q in second.captured_queries if 'FROM "discussions_thread"' in q["sql"] or "taggit" in q["sql"]]

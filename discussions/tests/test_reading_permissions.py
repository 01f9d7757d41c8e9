"""Permission matrix of Latest, bookmarks and poll voting (role x visibility), and leak tests.

Latest, the bookmarks page and suggested threads never show a thread or post its viewer may
not read; bookmarking and voting answer like the rest of discussions (404 for what one may
not read, 403 for what one may read but not do, log in for anonymous people).
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from communities.models import MembershipStatus
from communities.tests.conftest import ROLES, build_world
from discussions import services
from discussions.models import Bookmark, PollVote
from discussions.services.bookmarks import bookmark_set
from discussions.services.polls import poll_clean
from discussions.tests.test_permissions import POSTERS, can_read, outcome

pytestmark = pytest.mark.django_db

ACTIONS = ("latest", "shortcuts", "bookmarks", "bookmark", "vote")


def expected(action, role, visibility):
    if action in ("latest", "shortcuts"):
        return "ok"
    if role == "anonymous":
        return "login"
    if action == "bookmarks":
        return "ok"
    if not can_read(role, visibility):
        return "hidden"
    if action == "bookmark":
        return "ok"
    return "ok" if role in POSTERS else "denied"


def poll_thread(community, author, title="Which drought index do you use?"):
    spec = poll_clean(question="Which index?", options=["SPI", "SPEI", "Palmer"])
    return services.thread_create(author=author, community=community, title=title, body="Tell us.", poll=spec)


@pytest.mark.parametrize("visibility", ["public", "private", "hidden"])
def test_reading_permission_matrix(visibility):
    w = build_world(visibility=visibility)
    c = w.community
    thread = poll_thread(c, w.user("owner"), title=f"Drought index poll in a {visibility} community")
    option = thread.poll.options.first()
    kw = {"community": c.slug, "thread_id": thread.pk}
    failures = []
    for role in ROLES:
        client = w.client(role)
        results = {}
        response = client.get(reverse("reading:latest"))
        results["latest"] = outcome(response)
        shown = thread.title.encode() in response.content
        if shown != can_read(role, visibility):
            failures.append(f"{visibility} {role} latest: thread shown={shown}")
        results["shortcuts"] = outcome(client.get(reverse("reading:shortcuts")))
        results["bookmarks"] = outcome(client.get(reverse("reading:bookmarks")))
        results["bookmark"] = outcome(
            client.post(reverse("discussions:bookmark-edit", kwargs={**kw, "number": 1}), {"note": "for later"})
        )
        results["vote"] = outcome(client.post(reverse("discussions:poll-vote", kwargs=kw), {"options": [option.pk]}))
        for action in ACTIONS:
            want = expected(action, role, visibility)
            if results[action] != want:
                failures.append(f"{visibility} {role} {action}: got {results[action]}, expected {want}")
        user = w.user(role)
        if role != "anonymous":
            stored = Bookmark.objects.filter(user=user, post__thread=thread).exists()
            if stored != (results["bookmark"] == "ok"):
                failures.append(f"{visibility} {role}: bookmark stored={stored}")
            voted = PollVote.objects.filter(user=user, poll=thread.poll).exists()
            if voted != (results["vote"] == "ok"):
                failures.append(f"{visibility} {role}: vote stored={voted}")
    assert not failures, "\n".join(failures)


def test_bookmark_of_a_post_no_longer_readable_is_not_shown_or_editable(client):
    w = build_world(visibility="private")
    member = w.user("member")
    thread = services.thread_create(author=w.user("owner"), community=w.community, title="Budget lines 2027",
                                    body="Confidential figures")  # fmt: skip
    post = thread.posts.get(number=1)
    bookmark_set(user=member, post=post, note="check the budget")
    client.force_login(member)
    assert b"Budget lines 2027" in client.get(reverse("reading:bookmarks")).content
    membership = w.memberships["member"]
    membership.status = MembershipStatus.LEFT
    membership.save(update_fields=["status"])
    page = client.get(reverse("reading:bookmarks"))
    assert page.status_code == 200
    assert b"Budget lines 2027" not in page.content
    assert b"check the budget" not in page.content
    edit = reverse("discussions:bookmark-edit", kwargs={"community": w.community.slug, "thread_id": thread.pk,
                                                        "number": 1})  # fmt: skip
    assert client.get(edit).status_code == 404


def test_bookmark_of_a_post_hidden_by_moderators_drops_out(client):
    w = build_world(visibility="public")
    member = w.user("member")
    thread = services.thread_create(author=w.user("owner"), community=w.community, title="Water tariffs", body="x")
    reply = services.post_create(author=w.user("moderator"), thread=thread, body="A reply that gets hidden")
    bookmark_set(user=member, post=reply)
    type(reply).objects.filter(pk=reply.pk).update(is_hidden=True)
    client.force_login(member)
    assert b"A reply that gets hidden" not in client.get(reverse("reading:bookmarks")).content


def test_latest_leaves_out_hidden_threads_other_communities_and_muted_threads(client):
    public = build_world(visibility="public")
    private = build_world(visibility="private")
    member = public.user("member")
    readable = services.thread_create(author=public.user("owner"), community=public.community,
                                      title="Readable public thread", body="x")  # fmt: skip
    services.thread_create(author=private.user("owner"), community=private.community,
                           title="Private thread elsewhere", body="x")  # fmt: skip
    hidden = services.thread_create(author=public.user("owner"), community=public.community,
                                    title="Thread hidden by moderators", body="x")  # fmt: skip
    type(hidden).objects.filter(pk=hidden.pk).update(is_hidden=True)
    muted = services.thread_create(author=public.user("owner"), community=public.community,
                                   title="Thread the member muted", body="x")  # fmt: skip
    services.subscription_set(user=member, thread=muted, level="mute")
    client.force_login(member)
    content = client.get(reverse("reading:latest")).content
    assert readable.title.encode() in content
    assert b"Private thread elsewhere" not in content
    assert b"Thread hidden by moderators" not in content
    assert b"Thread the member muted" not in content
    home = client.get(reverse("home")).content
    assert readable.title.encode() in home
    assert b"Private thread elsewhere" not in home


def test_suggested_threads_never_show_unreadable_threads(client):
    public = build_world(visibility="public")
    private = build_world(visibility="private")
    reader = public.user("nonmember")
    thread = services.thread_create(author=public.user("owner"), community=public.community,
                                    title="Managed aquifer recharge", body="x", tags=["recharge"])  # fmt: skip
    services.thread_create(author=private.user("owner"), community=private.community,
                           title="Secret recharge plans", body="x", tags=["recharge"])  # fmt: skip
    related = services.thread_create(author=public.user("owner"), community=public.community,
                                     title="Recharge basins clogging", body="x", tags=["recharge"])  # fmt: skip
    hidden = services.thread_create(author=public.user("owner"), community=public.community,
                                    title="Hidden recharge thread", body="x", tags=["recharge"])  # fmt: skip
    type(hidden).objects.filter(pk=hidden.pk).update(is_hidden=True)
    client.force_login(reader)
    content = client.get(thread.get_absolute_url()).content
    assert related.title.encode() in content
    assert b"Secret recharge plans" not in content
    assert b"Hidden recharge thread" not in content


def test_poll_results_hidden_until_vote_or_close(client):
    w = build_world(visibility="public")
    thread = poll_thread(w.community, w.user("owner"))
    option = thread.poll.options.first()
    client.force_login(w.user("member"))
    page = client.get(thread.get_absolute_url()).content
    assert b"data-poll-option" not in page
    client.post(reverse("discussions:poll-vote", kwargs={"community": w.community.slug, "thread_id": thread.pk}),
                {"options": [option.pk]})  # fmt: skip
    assert b"data-poll-option" in client.get(thread.get_absolute_url()).content
    reader = w.client("nonmember")
    assert b"data-poll-option" not in reader.get(thread.get_absolute_url()).content
    type(thread.poll).objects.filter(pk=thread.poll.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    from hub import pagecache

    pagecache.bump()
    assert b"data-poll-option" in reader.get(thread.get_absolute_url()).content
    assert b"data-poll-option" in w.client("anonymous").get(thread.get_absolute_url()).content


def test_suggested_threads_follow_each_viewers_access_and_unread_state():
    from discussions import reading
    from discussions.models import ReadState, Thread

    public = build_world(visibility="public")
    private = build_world(visibility="private")
    here = services.thread_create(author=public.user("owner"), community=public.community,
                                  title="Managed aquifer recharge", body="x", tags=["recharge"])  # fmt: skip
    secret = services.thread_create(author=private.user("owner"), community=private.community,
                                    title="Secret recharge plans", body="x", tags=["recharge"])  # fmt: skip
    other = services.thread_create(author=public.user("owner"), community=public.community,
                                   title="Basin maintenance", body="x")  # fmt: skip
    services.post_create(author=public.user("owner"), thread=other, body="second")
    reader, insider = public.user("member"), private.user("member")
    ReadState.objects.create(user=reader, thread=other, last_read_number=1)
    here = Thread.objects.select_related("community").prefetch_related("tags").get(pk=here.pk)

    def suggested(viewer):
        return {
            t.title: (t.same_unread, t.unread_count) for t in reading.thread_list_suggested(thread=here, viewer=viewer)
        }

    # The reader read one of two posts: one new post; the outsider never opened it: "new".
    assert suggested(reader) == {"Basin maintenance": (1, 1)}
    assert suggested(public.user("nonmember")) == {"Basin maintenance": (1, 0)}
    assert secret.title not in suggested(AnonymousUser())
    # A member of the private community gets its thread sharing the tag; a read thread drops out.
    ReadState.objects.create(user=insider, thread=other, last_read_number=2)
    assert suggested(insider) == {"Secret recharge plans": (0, 0)}

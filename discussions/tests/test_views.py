import re

import pytest
from django.urls import reverse

from communities.models import Community, Membership
from discussions import services
from discussions.models import Post, PostRevision, Reaction, ReadState, Thread
from uploads.tests import files

pytestmark = pytest.mark.django_db


def url(name, thread=None, community=None, **kwargs):
    community = community or thread.community
    kwargs["community"] = community.slug
    if thread is not None and name != "discussions:thread-detail":
        kwargs.setdefault("thread_id", thread.pk)
    return reverse(name, kwargs=kwargs)


def token():
    import secrets

    return secrets.token_urlsafe(12)


def test_new_thread_form_creates_thread_with_attachment(client, community, member):
    client.force_login(member)
    response = client.get(url("discussions:thread-create", community=community))
    assert response.status_code == 200 and b'name="idempotency_key"' in response.content
    data = {"title": "Flood early warning in small catchments", "body": "What lead time do you get?",
            "kind": "question", "tags": "floods, early warning", "idempotency_key": token(), "attachments": files.pdf()}  # fmt: skip
    response = client.post(url("discussions:thread-create", community=community), data)
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert thread.kind == "question" and sorted(thread.tags.names()) == ["early warning", "floods"]
    assert thread.posts.get().attachments.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "x"}, b"This field is required"),
        ({"title": "Hi", "body": "x"}, b"at least 5"),
        ({"title": "x" * 100_000, "body": "x"}, b"at most 200"),
        ({"title": "A good title", "body": "x" * 100_000}, b"at most 50000"),
        ({"title": "A good\x00 title", "body": "x"}, b"Null characters are not allowed"),
        ({"title": "A good title", "body": "x\x00"}, b"Null characters are not allowed"),
        ({"title": "A good title", "body": "x", "tags": "ok, <b>bad</b>"}, b"is not a valid tag"),
        ({"title": "A good title", "body": "x", "kind": "poll"}, b"Select a valid choice"),
    ],
)
def test_new_thread_bad_input_rerenders_with_message(client, community, member, data, message):
    client.force_login(member)
    data = {"kind": "discussion", "idempotency_key": token(), **data}
    response = client.post(url("discussions:thread-create", community=community), data)
    assert response.status_code == 400
    assert message in response.content
    assert not Thread.objects.exists()


def test_double_submit_creates_one_thread_and_one_reply(client, community, member, thread):
    client.force_login(member)
    data = {"title": "Drought indices", "body": "SPI or SPEI?", "kind": "discussion", "idempotency_key": token()}
    first = client.post(url("discussions:thread-create", community=community), data)
    second = client.post(url("discussions:thread-create", community=community), data)
    assert first["Location"] == second["Location"]
    assert Thread.objects.count() == 2  # the fixture's + one
    reply = {"body": "Same here", "idempotency_key": token()}
    client.post(url("discussions:post-create", thread), reply)
    client.post(url("discussions:post-create", thread), reply)
    assert thread.posts.count() == 2


def test_reply_errors_rerender_thread_page(client, community, member, thread, make_member):
    client.force_login(member)
    other = services.thread_create(author=member, community=community, title="Other thread", body="x")
    foreign = other.posts.get()
    response = client.post(url("discussions:post-create", thread), {"body": "hi", "reply_to": foreign.pk})
    assert response.status_code == 400 and b"only reply to a post of this thread" in response.content
    response = client.post(url("discussions:post-create", thread), {"body": "hi", "reply_to": 99999999})
    assert response.status_code == 400
    response = client.post(url("discussions:post-create", thread), {"body": ""})
    assert response.status_code == 400 and b"This field is required" in response.content
    response = client.post(url("discussions:post-create", thread), {"body": "hi", "reply_to": "1; DROP"})
    assert response.status_code == 400
    assert thread.posts.count() == 1


def test_locked_and_archived_and_banned_get_clear_errors(client, community, member, thread, moderator):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    client.force_login(member)
    response = client.post(url("discussions:post-create", thread), {"body": "hi"})
    assert response.status_code == 403 and b"locked" in response.content
    Thread.objects.filter(pk=thread.pk).update(is_locked=False)
    Membership.objects.filter(user=member).update(status="banned")
    assert client.post(url("discussions:post-create", thread), {"body": "hi"}).status_code == 404
    client.force_login(moderator)
    Community.objects.filter(pk=community.pk).update(archived_at="2026-01-01T00:00:00Z")
    response = client.post(url("discussions:post-create", thread), {"body": "hi"})
    assert response.status_code == 403 and b"archived" in response.content
    assert thread.posts.count() == 1


def test_slow_mode_gives_429_to_htmx_and_json_clients(client, community, make_member, thread):
    Community.objects.filter(pk=community.pk).update(slow_mode_seconds=300)
    user = make_member(community)
    client.force_login(user)
    assert client.post(url("discussions:post-create", thread), {"body": "first"}).status_code == 302
    response = client.post(url("discussions:post-create", thread), {"body": "second"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Slow mode" in response.json()["error"]
    response = client.post(url("discussions:post-create", thread), {"body": "third"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    response = client.post(url("discussions:post-create", thread), {"body": "fourth"})
    assert response.status_code == 429 and b"Slow mode" in response.content


def test_every_post_form_is_refused_without_csrf_token(csrf_client, community, member, thread):
    post = thread.posts.get()
    csrf_client.force_login(member)
    targets = [
        url("discussions:thread-create", community=community),
        url("discussions:post-create", thread),
        url("discussions:post-edit", thread, number=1),
        url("discussions:post-delete", thread, number=1),
        url("discussions:reaction-toggle", thread, number=1),
        url("discussions:answer-accept", thread, number=1),
        url("discussions:thread-subscription", thread),
        url("discussions:community-subscription", community=community),
        url("discussions:markdown-preview", community=community),
    ]
    for target in targets:
        assert csrf_client.post(target, {"body": "x", "title": "Title here", "level": "mute"}).status_code == 403, (
            target
        )
    post.refresh_from_db()
    assert thread.posts.count() == 1 and post.edit_count == 0 and not post.is_deleted


def test_thread_page_renders_posts_with_stable_ids(client, community, member, thread, make_member):
    other = make_member(community)
    services.post_create(author=other, thread=thread, body="Reply **two**")
    response = client.get(thread.get_absolute_url())
    html = response.content.decode()
    assert 'id="post-list"' in html and f'data-thread-id="{thread.pk}"' in html and 'data-last-number="2"' in html
    assert re.search(rf'id="p2"[^>]*data-post-number="2"[^>]*data-author-id="{other.pk}"', html)
    assert "<strong>two</strong>" in html


def test_wrong_slug_redirects_and_permalink_finds_the_page(client, community, moderator, thread, monkeypatch):
    monkeypatch.setattr("discussions.services.rules.POST_RATE", "1000/m")
    for i in range(25):
        services.post_create(author=moderator, thread=thread, body=f"Reading {i}")
    wrong = reverse("discussions:thread-detail", kwargs={"community": community.slug, "thread_id": thread.pk,
                                                          "slug": "old-title"})  # fmt: skip
    response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == thread.get_absolute_url()
    response = client.get(url("discussions:post-permalink", thread, number=23))
    assert response["Location"] == thread.get_absolute_url() + "?page=2#p23"
    response = client.get(url("discussions:post-permalink", thread, number=5))
    assert response["Location"] == thread.get_absolute_url() + "#p5"
    assert client.get(url("discussions:post-permalink", thread, number=99)).status_code == 404
    page2 = client.get(thread.get_absolute_url() + "?page=2").content.decode()
    assert 'id="p21"' in page2 and 'id="p20"' not in page2
    assert client.get(thread.get_absolute_url() + "?page=last").status_code == 200
    assert client.get(thread.get_absolute_url() + "?page=%00").status_code == 200


def test_read_state_and_jump_to_first_unread(client, community, member, moderator, thread):
    client.force_login(member)
    client.get(thread.get_absolute_url())
    assert ReadState.objects.get(user=member, thread=thread).last_read_number == 1
    services.post_create(author=moderator, thread=thread, body="New info")
    response = client.get(url("discussions:thread-list", community=community))
    assert b"1 new post" in response.content
    response = client.get(thread.get_absolute_url())
    assert b"Jump to first unread" in response.content
    response = client.get(thread.get_absolute_url() + "?unread=1")
    assert response["Location"].endswith("/p/2/")
    assert ReadState.objects.get(user=member, thread=thread).last_read_number == 2
    assert b"new post" not in client.get(url("discussions:thread-list", community=community)).content


def test_first_unread_skips_posts_hidden_by_moderators(client, community, member, moderator, thread):
    from moderation.services.posts import post_hide

    client.force_login(member)
    client.get(thread.get_absolute_url())
    hidden = services.post_create(author=moderator, thread=thread, body="Soon hidden")
    services.post_create(author=moderator, thread=thread, body="Visible news")
    post_hide(actor=moderator, post=hidden, reason="Off topic")
    listing = client.get(url("discussions:thread-list", community=community)).content
    assert b"1 new post" in listing
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f"/t/{thread.pk}/p/3/" in page and f"/t/{thread.pk}/p/2/" not in page
    assert 'id="p3"' in page and 'id="p2"' not in page
    response = client.get(thread.get_absolute_url() + "?unread=1")
    assert response["Location"].endswith("/p/3/")


def test_quote_prefills_composer_with_link_to_source(client, community, make_member, thread):
    other = make_member(community)
    client.force_login(other)
    response = client.get(thread.get_absolute_url() + "?quote=1")
    html = response.content.decode()
    assert f"/c/{community.slug}/t/{thread.pk}/p/1/" in html and "&gt; How often" in html
    post = thread.posts.get()
    assert f'name="reply_to" value="{post.pk}"' in html
    client.post(url("discussions:post-create", thread), {"body": html_body(html), "reply_to": post.pk})
    reply = Post.objects.get(number=2)
    assert reply.reply_to == post and f'href="/c/{community.slug}/t/{thread.pk}/p/1/"' in reply.body_html


def html_body(html):
    import html as h

    return h.unescape(re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', html, re.S).group(1)) + "\nAgreed."


def test_edit_view_saves_and_history_shows_revisions(client, community, member, thread):
    client.force_login(member)
    edit = url("discussions:post-edit", thread, number=1)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"title": "Groundwater in the dry season", "body": "New text"})
    assert response.status_code == 302
    assert PostRevision.objects.count() == 1
    page = client.get(thread.get_absolute_url() + "x", follow=True)
    assert b"edited" in client.get(Thread.objects.get().get_absolute_url()).content or page
    history = client.get(url("discussions:post-history", thread, number=1))
    assert b"How often do you read" in history.content and b"New text" in history.content
    assert client.post(edit, {"title": "Groundwater", "body": ""}).status_code == 400


def test_edit_and_delete_of_others_posts_refused(client, community, member, thread, make_member):
    client.force_login(make_member(community))
    assert client.get(url("discussions:post-edit", thread, number=1)).status_code == 403
    assert (
        client.post(url("discussions:post-edit", thread, number=1), {"body": "x", "title": "xxxxxx"}).status_code == 403
    )
    client.post(url("discussions:post-delete", thread, number=1))
    assert not thread.posts.get().is_deleted


def test_delete_shows_deleted_marker(client, community, member, thread, make_member):
    other = make_member(community)
    post = services.post_create(author=other, thread=thread, body="Oops, wrong thread")
    client.force_login(other)
    assert client.get(url("discussions:post-delete", thread, number=2)).status_code == 200
    client.post(url("discussions:post-delete", thread, number=2))
    post.refresh_from_db()
    assert post.is_deleted
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "This post was deleted." in html and "Oops, wrong thread" not in html


def test_reaction_htmx_toggle_and_who_reacted(client, community, member, thread, make_member):
    other = make_member(community, display_name="Grace Banda")
    client.force_login(other)
    target = url("discussions:reaction-toggle", thread, number=1)
    response = client.post(target, {"kind": "insightful"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b'aria-pressed="true"' in response.content
    assert Reaction.objects.filter(user=other, kind="insightful").exists()
    who = client.get(url("discussions:reaction-list", thread, number=1))
    assert b"Grace Banda" in who.content
    client.post(target, {"kind": "insightful"}, HTTP_HX_REQUEST="true")
    assert not Reaction.objects.exists()
    assert client.post(target, {"kind": "love"}, HTTP_HX_REQUEST="true").status_code == 400
    client.force_login(member)
    response = client.post(target, {"kind": "insightful"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400  # own post


def test_accept_answer_view(client, community, member, question, make_member):
    answerer = make_member(community)
    services.post_create(author=answerer, thread=question, body="Vented, below 10 m.")
    client.force_login(answerer)
    client.post(url("discussions:answer-accept", question, number=2))
    question.refresh_from_db()
    assert question.accepted_answer is None
    client.force_login(member)
    client.post(url("discussions:answer-accept", question, number=2))
    question.refresh_from_db()
    assert question.accepted_answer.number == 2
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Accepted answer by" in html and "Solved" in html
    list_html = client.get(url("discussions:thread-list", community=community) + "?filter=solved-questions").content
    assert question.title.encode() in list_html
    client.post(url("discussions:answer-accept", question, number=2), {"clear": "1"})
    question.refresh_from_db()
    assert question.accepted_answer is None


def test_thread_list_filters_and_pinned_first(client, community, member, moderator, question, thread):
    pinned = services.thread_create(author=moderator, community=community, title="Community rules", body="Be kind",
                                    pinned=True)  # fmt: skip
    base = url("discussions:thread-list", community=community)
    html = client.get(base).content.decode()
    assert html.index(pinned.title) < html.index(thread.title)
    assert question.title in client.get(base + "?tag=groundwater").content.decode()
    assert thread.title not in client.get(base + "?tag=groundwater").content.decode()
    assert thread.title in client.get(base + "?filter=unanswered").content.decode()
    assert question.title in client.get(base + "?filter=open-questions").content.decode()
    assert thread.title not in client.get(base + "?filter=open-questions").content.decode()
    client.force_login(moderator)
    mine = client.get(base + "?filter=mine").content.decode()
    assert pinned.title in mine and thread.title not in mine
    assert client.get(base + "?filter=%00&tag=" + "x" * 5000 + "&page=abc").status_code == 200
    fragment = client.get(base, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="community-threads"' in fragment


def test_subscription_forms(client, community, member, thread):
    client.force_login(member)
    client.post(url("discussions:thread-subscription", thread), {"level": "mute"})
    assert thread.subscriptions.get(user=member).level == "mute"
    client.post(url("discussions:community-subscription", community=community), {"level": "watch"})
    assert Membership.objects.get(user=member, community=community).notification_level == "watch"
    response = client.post(
        url("discussions:thread-subscription", thread), {"level": "x" * 1000}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400


def test_preview_and_autocomplete_endpoints(client, community, member, thread, make_member):
    make_member(community, username="amina.water")
    client.force_login(member)
    preview = url("discussions:markdown-preview", community=community)
    response = client.post(preview, {"body": "**bold** @amina.water"})
    assert b"<strong>bold</strong>" in response.content and b"/members/amina.water/" in response.content
    assert client.post(preview, {"body": "x" * 100_000}).status_code == 400
    assert client.post(preview, {"body": "a\x00b"}).status_code == 400
    members = client.get(url("discussions:member-autocomplete", community=community) + "?q=amin").json()
    assert [m["username"] for m in members["results"]] == ["amina.water"]
    tags = client.get(url("discussions:tag-autocomplete", community=community) + "?q=").json()
    assert tags == {"results": []}
    services.thread_create(author=member, community=community, title="Tagged thread", body="x", tags=["groundwater"])
    tags = client.get(url("discussions:tag-autocomplete", community=community) + "?q=gro").json()
    assert tags["results"][0]["name"] == "groundwater"


def test_member_autocomplete_only_lists_people_who_can_see(client, world):
    w = world(visibility="private")
    client.force_login(w.user("member"))
    endpoint = url("discussions:member-autocomplete", community=w.community)
    names = {m["username"] for m in client.get(endpoint).json()["results"]}
    assert w.user("moderator").username in names
    for role in ("nonmember", "pending", "invited", "banned", "staff"):
        assert w.user(role).username not in names
    client.force_login(w.user("nonmember"))
    assert client.get(endpoint).status_code == 404


def test_pending_post_visible_only_to_author_and_moderators(client, community, make_member, moderator, thread):
    Community.objects.filter(pk=community.pk).update(premoderate_first_posts=1)
    author = make_member(community)
    client.force_login(author)
    response = client.post(url("discussions:post-create", thread), {"body": "My first post here"}, follow=True)
    assert b"awaiting approval" in response.content.lower()
    assert b"My first post here" in response.content
    client.force_login(make_member(community))
    assert b"My first post here" not in client.get(thread.get_absolute_url()).content
    client.logout()
    assert b"My first post here" not in client.get(thread.get_absolute_url()).content
    client.force_login(moderator)
    assert b"My first post here" in client.get(thread.get_absolute_url()).content


def test_forged_and_out_of_range_ids_are_404(client, community, member, thread, world):
    client.force_login(member)
    big = 10**20
    base = f"/c/{community.slug}/t"
    for path in (
        f"{base}/{big}-x/",
        f"{base}/{thread.pk}/p/{big}/",
        f"{base}/{thread.pk}/p/{big}/edit/",
        f"{base}/{big}/p/1/history/",
        f"/c/{community.slug}/files/{big}/x.pdf",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{base}/{big}/reply/", {"body": "x"}).status_code == 404
    assert client.post(f"{base}/{thread.pk}/p/{big}/react/", {"kind": "like"}).status_code == 404
    # A thread id under another community's address: readers are sent on (moved threads keep their
    # links); people who may not read it get the same 404 as for a missing id.
    other = world(visibility="public").community
    assert client.get(thread.get_absolute_url().replace(community.slug, other.slug)).status_code == 302
    w = world(visibility="private")
    secret = services.thread_create(author=w.user("member"), community=w.community, title="Secret plans", body="x")
    assert client.get(secret.get_absolute_url().replace(w.community.slug, community.slug)).status_code == 404


def test_community_home_includes_the_thread_list(client, community, thread):
    response = client.get(community.get_absolute_url())
    assert response.status_code == 200
    assert f'data-hx-get="/c/{community.slug}/t/"'.encode() in response.content


def test_nul_bytes_anywhere_never_500(client, community, member, thread):
    client.force_login(member)
    base = url("discussions:thread-list", community=community)
    for query in ("?tag=a%00b", "?filter=mine%00", "?page=%00", "?tag=%00"):
        assert client.get(base + query).status_code == 200, query
    assert client.get(thread.get_absolute_url() + "?quote=%00&reply_to=1%00").status_code == 200
    assert client.get(url("discussions:tag-autocomplete", community=community) + "?q=%00").status_code == 200
    assert client.get(url("discussions:member-autocomplete", community=community) + "?q=a%00").status_code == 200
    response = client.post(
        url("discussions:post-create", thread), {"body": "Fine text", "idempotency_key": "abc\x00def12"}
    )
    assert response.status_code == 302
    assert client.post(url("discussions:thread-subscription", thread), {"level": "\x00"}).status_code == 302
    assert client.post(url("discussions:reaction-toggle", thread, number=1), {"kind": "\x00"}).status_code == 302
    assert (
        client.post(url("discussions:post-edit", thread, number=1), {"title": "T\x00itle", "body": "x"}).status_code
        == 400
    )


def test_quote_on_a_later_page_stays_on_that_page(client, community, moderator, thread, make_member, monkeypatch):
    monkeypatch.setattr("discussions.services.rules.POST_RATE", "1000/m")
    for i in range(22):
        services.post_create(author=moderator, thread=thread, body=f"Reading {i}")
    client.force_login(make_member(community))
    page2 = client.get(thread.get_absolute_url() + "?page=2").content.decode()
    assert 'href="?page=2&amp;quote=22#reply"' in page2
    response = client.get(thread.get_absolute_url() + "?page=2&quote=22")
    html = response.content.decode()
    assert "Replying to #22" in html and 'id="p22"' in html


def test_reply_request_only_writes_and_schedules_its_notifications(
    client, thread, community, make_member, django_capture_on_commit_callbacks
):
    """Who is told, their channel choices and their emails are worked out after commit, off
    the request: the request itself never reads a preference nor renders a mail."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from discussions.models import SubscriptionLevel, ThreadSubscription
    from discussions.tasks import post_notify_task
    from notifications.models import Notification

    mentioned, watcher = make_member(community, username="kofi"), make_member(community)
    ThreadSubscription.objects.create(thread=thread, user=watcher, level=SubscriptionLevel.WATCH)
    replier = make_member(community)
    client.force_login(replier)
    with (
        mock.patch("discussions.services.effects.post_notify_task.delay") as later,
        mock.patch("outbox.services.render_to_string") as render,
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url("discussions:post-create", thread), {"body": "Agreed, @kofi: monthly in March."})
    assert response.status_code == 302
    post = thread.posts.get(number=2)
    later.assert_called_once_with(post.pk, [mentioned.pk])
    assert not [q["sql"] for q in queries if "notifications_" in q["sql"]]
    assert not render.called
    assert Notification.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        post_notify_task(post.pk, [mentioned.pk])  # the same call, run as the worker would
    told = dict(Notification.objects.values_list("recipient", "kind"))
    assert told == {mentioned.pk: "mention", thread.author_id: "reply", watcher.pk: "watched_reply"}
    with django_capture_on_commit_callbacks(execute=True):
        post_notify_task(post.pk, [mentioned.pk])  # redelivered after a worker died
    assert Notification.objects.count() == 3

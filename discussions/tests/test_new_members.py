"""New-member limits (like Discourse's first trust level): lower limits in the first day and
until a few posts are accepted; staff and moderators exempt; the refusal says when to retry."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Role
from communities.tests.conftest import build_world
from communities.tests.factories import MembershipFactory
from discussions import permissions as dp
from discussions import services
from discussions.models import Post, Thread
from discussions.services import PostingError
from discussions.tests.conftest import old_account

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 6, 1, 10, 0, 5, tzinfo=datetime.UTC)


def reply(author, thread, body="We saw the same in the Limpopo basin."):
    return services.post_create(author=author, thread=thread, body=body)


def start(author, community, n=0):
    return services.thread_create(author=author, community=community, title=f"Borehole siting {n}", body="Where?")


def joined_long_ago(user, accepted_posts=0, thread=None):
    """Past the first day, with ``accepted_posts`` published posts (in a thread of their own)."""
    if accepted_posts:
        own = Thread.objects.create(community=thread.community, author=user, title="Earlier notes", slug="notes")
        for n in range(1, accepted_posts + 1):
            Post.objects.create(thread=own, number=n, author=user, body="Old", body_html="<p>Old</p>")
    return old_account(user)


def text(message):
    """Durations come with non-breaking spaces."""
    return message.replace("\xa0", " ").replace("&#x27;", "'")


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_who_is_a_new_member(community, make_member, thread):
    fresh = make_member(community)
    assert dp.is_new_member(fresh)
    veteran_without_posts = joined_long_ago(make_member(community))
    assert dp.is_new_member(veteran_without_posts)  # the limits lift with accepted participation
    veteran = joined_long_ago(make_member(community), accepted_posts=3, thread=thread)
    assert not dp.is_new_member(veteran)
    # Posts moderators hid or deleted are not accepted participation.
    Post.objects.filter(author=veteran, number=1).update(is_hidden=True)
    assert dp.is_new_member(veteran)


def test_new_member_limits_spare_staff_and_the_communitys_moderators(community, make_member):
    assert dp.new_member_limits_apply(make_member(community), community)
    assert not dp.new_member_limits_apply(make_member(community, role=Role.MODERATOR), community)
    assert not dp.new_member_limits_apply(make_member(community, role=Role.OWNER), community)
    staff = UserFactory(is_staff=True)
    assert not dp.new_member_limits_apply(staff, community)
    # A moderator elsewhere is a new member here.
    elsewhere = make_member(community)
    other = MembershipFactory(user=UserFactory(), role=Role.MODERATOR).community
    MembershipFactory(user=elsewhere, community=other, role=Role.MODERATOR)
    assert dp.new_member_limits_apply(elsewhere, community)


def test_new_member_replies_per_minute_with_the_exact_wait(clock, thread, community, make_member):
    user = make_member(community)
    for seconds in (0, 10, 20):
        clock.move_to(T0 + datetime.timedelta(seconds=seconds))
        reply(user, thread)
    clock.move_to(T0 + datetime.timedelta(seconds=25))
    with pytest.raises(PostingError) as info:
        reply(user, thread)
    assert info.value.status == 400 and info.value.retry_after == 36
    message = text(info.value.message)
    assert "New members can post 3 replies in 1 minute. You can reply again in 36 seconds." in message
    assert "These limits apply for 1 day after joining and until 3 of your posts have been published." in message
    clock.move_to(T0 + datetime.timedelta(seconds=61))  # the first reply left the window
    reply(user, thread)


def test_new_member_threads_per_day_says_when_the_next_one_may_start(clock, community, make_member):
    user = make_member(community)
    for hours in range(3):
        clock.move_to(T0 + datetime.timedelta(hours=hours))
        start(user, community, hours)
    clock.move_to(T0 + datetime.timedelta(hours=3))
    with pytest.raises(PostingError) as info:
        start(user, community, 3)
    assert info.value.status == 400 and info.value.retry_after == 21 * 3600 + 1
    assert "New members can start 3 threads in 1 day. You can start another one in 21 hours" in text(info.value.message)
    assert Thread.objects.filter(author=user).count() == 3


def test_new_member_mentions_per_post(community, make_member, thread):
    user = make_member(community)
    names = [make_member(community, username=f"hydro{n}").username for n in range(3)]
    with pytest.raises(PostingError, match="at most 2 people") as info:
        reply(user, thread, body=" ".join(f"@{n}" for n in names))
    assert info.value.field == "body" and "this one mentions 3" in info.value.message
    reply(user, thread, body=f"@{names[0]} @{names[1]} what do you think?")
    moderator = make_member(community, role=Role.MODERATOR)
    reply(moderator, thread, body=" ".join(f"@{n}" for n in names))


def test_limits_lift_with_accepted_participation(clock, thread, community, make_member):
    user = joined_long_ago(make_member(community), accepted_posts=2, thread=thread)
    for _ in range(3):
        reply(user, thread)
    # Now past the first day with 5 accepted posts: the ordinary limits apply.
    assert not dp.new_member_limits_apply(user, community)
    reply(user, thread)
    links = reply(user, thread, body=" ".join(f"https://example.org/{i}" for i in range(5)))
    assert links.number > 1 and thread.posts.filter(author=user).count() == 5


def test_new_member_limits_come_from_the_settings(clock, thread, community, make_member, settings):
    settings.NEW_MEMBER_LIMITS = {"reply_rate": "1/30s", "max_links": 0}
    user = make_member(community)
    with pytest.raises(PostingError, match="at most 0 links"):
        reply(user, thread, body="See https://example.org/report")
    reply(user, thread)
    with pytest.raises(PostingError, match="1 reply in 30 seconds"):
        reply(user, thread)


def test_editing_a_post_keeps_the_link_limit(community, make_member, thread):
    user = make_member(community)
    post = reply(user, thread)
    with pytest.raises(PostingError, match="links"):
        services.post_edit(actor=user, post=post, body=" ".join(f"https://example.org/{i}" for i in range(4)))


def test_reply_form_is_shown_again_with_400_and_when_to_retry(clock, client, thread, community, make_member):
    user = make_member(community)
    client.force_login(user)
    url = reverse("discussions:post-create", kwargs={"community": community.slug, "thread_id": thread.pk})
    for n in range(3):
        assert client.post(url, {"body": f"Reply {n} on the recharge rates"}).status_code == 302
    response = client.post(url, {"body": "A fourth reply, kept in the form"})
    assert response.status_code == 400
    page = text(response.content.decode())
    assert "You can reply again in 1 minute" in page and "A fourth reply, kept in the form" in page
    assert response["Retry-After"] == "61"
    htmx = client.post(url, {"body": "Again"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 400 and htmx["Retry-After"] == "61"
    assert "You can reply again" in htmx.json()["error"]


def test_thread_form_is_shown_again_with_400_and_when_to_retry(clock, client, community, make_member):
    user = make_member(community)
    for n in range(3):
        start(user, community, n)
    client.force_login(user)
    url = reverse("discussions:thread-create", kwargs={"community": community.slug})
    response = client.post(url, {"title": "A fourth thread today", "body": "Body", "kind": "discussion"})
    assert response.status_code == 400
    assert "You can start another one in 1 day" in text(response.content.decode())
    assert response["Retry-After"] == str(86400 + 1)


@pytest.mark.parametrize("established", [False, True])
def test_new_member_limit_matrix(clock, established):
    """Every role that may post, through the real views: new members are held to the lower
    limits (the 4th reply in a minute, the 4th thread in a day, 3 mentions), the exempt are not."""
    w = build_world(visibility="public")
    c = w.community
    seed = services.thread_create(author=w.user("owner"), community=c, title="Seasonal forecasts", body="Go")
    names = [UserFactory(username=f"forecaster{c.pk}x{n}").username for n in range(3)]
    if established:
        for role in ("member", "moderator", "owner", "staff"):
            joined_long_ago(w.user(role), accepted_posts=3, thread=seed)
    limited = {"member"} if not established else set()
    failures = []
    for role in ("member", "moderator", "owner", "staff"):
        client = w.client(role)
        reply_url = reverse("discussions:post-create", kwargs={"community": c.slug, "thread_id": seed.pk})
        codes = [client.post(reply_url, {"body": f"Reply {n} by {role}"}).status_code for n in range(4)]
        mention = client.post(reply_url, {"body": " ".join(f"@{n}" for n in names)}).status_code
        thread_url = reverse("discussions:thread-create", kwargs={"community": c.slug})
        threads = [
            client.post(
                thread_url, {"title": f"Thread {n} by {role}", "body": "Body", "kind": "discussion"}
            ).status_code
            for n in range(4)
        ]
        want_limited = role in limited
        got = {"4th reply": codes[3], "mentions": mention, "4th thread": threads[3]}
        want = 400 if want_limited else 302
        failures += [f"{role} {what}: {code}, expected {want}" for what, code in got.items() if code != want]
        if codes[:3] != [302] * 3 or threads[:3] != [302] * 3:
            failures.append(f"{role}: first three refused ({codes}, {threads})")
    assert not failures, "\n".join(failures)
    assert timezone.now() == T0

import csv
import io
from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Membership, MembershipStatus
from discussions import permissions as dp
from discussions.models import Post, PostStatus, Thread
from discussions.tests.factories import PostFactory, make_thread
from moderation import services
from moderation.models import AuditAction, AuditEntry, Flag, FlagReason
from moderation.tests.factories import FlagFactory, add_member

# --- Queue, bulk, requests ------------------------------------------------------------------------


def test_queue_groups_flags_and_hides_other_communities(world, client):
    FlagFactory(post=world.reply, reporter=world.members[1], reason=FlagReason.SPAM, note="Pump advert")
    FlagFactory(post=world.reply, reporter=world.members[2], reason=FlagReason.OFF_TOPIC)
    other = make_thread(world.b, world.mod_b, replies=1)
    FlagFactory(post=other.posts.last(), reporter=UserFactory(), reason=FlagReason.ABUSIVE)
    client.force_login(world.mod_a)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert html.count('data-queue-row tabindex="0" id="q-post-') == 1
    assert "Pump advert" in html and "Spam or advertising × 1" in html and "Off-topic × 1" in html
    client.force_login(world.mod_b)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert "Pump advert" not in html and html.count('id="q-post-') == 1
    staff = Client()
    staff.force_login(world.staff)
    assert staff.get(reverse("moderation:queue")).content.decode().count('id="q-post-') == 2


def test_queue_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world.mod_a)

    def add(n):
        for _ in range(n):
            post = PostFactory(thread=world.thread, author=add_member(world.a))
            FlagFactory(post=post, reporter=world.members[1])
            PostFactory(thread=world.thread, author=add_member(world.a), status=PostStatus.PENDING)
            add_member(world.a, status=MembershipStatus.PENDING)

    for size in (2, 12):
        add(size)
        for tab in ("flags", "posts", "requests"):
            with django_assert_max_num_queries(16):
                assert client.get(reverse("moderation:queue"), {"tab": tab}).status_code == 200


def test_bulk_dismiss_hide_and_approve(world, client):
    posts = [PostFactory(thread=world.thread, author=world.members[0]) for _ in range(3)]
    for post in posts:
        FlagFactory(post=post, reporter=world.members[1])
    client.force_login(world.mod_a)
    response = client.post(reverse("moderation:bulk"), {"action": "hide", "items": [f"post-{p.pk}" for p in posts[:2]]})
    assert response.status_code == 400  # reason missing: nothing done, the queue shows why
    assert not Post.objects.filter(is_hidden=True).exists()
    client.post(
        reverse("moderation:bulk"),
        {"action": "hide", "items": [f"post-{p.pk}" for p in posts[:2]], "reason": "Vendor spam"},
    )
    assert Post.objects.filter(pk__in=[p.pk for p in posts[:2]], is_hidden=True).count() == 2
    client.post(reverse("moderation:bulk"), {"action": "dismiss", "items": [f"post-{posts[2].pk}"]})
    assert not Flag.objects.open().exists()
    pending = [PostFactory(thread=world.thread, author=world.members[2], status=PostStatus.PENDING) for _ in range(2)]
    request = Membership.objects.get(user=add_member(world.a, status=MembershipStatus.PENDING), community=world.a)
    client.post(reverse("moderation:bulk"), {"action": "approve", "items": [f"post-{p.pk}" for p in pending]})
    assert Post.objects.filter(pk__in=[p.pk for p in pending], status=PostStatus.PUBLISHED).count() == 2
    client.post(reverse("moderation:bulk"), {"action": "approve", "items": [f"request-{request.pk}"]})
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.ACTIVE


def test_pending_post_visibility(world, client):
    newcomer = add_member(world.a)
    pending = PostFactory(thread=world.thread, author=newcomer, status=PostStatus.PENDING)
    assert not dp.can_view_post(world.members[1], pending)
    assert not dp.posts_visible_to(world.members[1]).filter(pk=pending.pk).exists()
    assert dp.can_view_post(newcomer, pending) and dp.can_view_post(world.mod_a, pending)
    client.force_login(world.mod_a)
    html = client.get(reverse("moderation:queue"), {"tab": "posts"}).content.decode()
    assert f"post-{pending.pk}" in html
    client.post(reverse("moderation:post-action", args=[pending.pk, "approve"]))
    assert dp.posts_visible_to(world.members[1]).filter(pk=pending.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.POST_APPROVE).exists()


# --- Audit log page and CSV -------------------------------------------------------------------------


def test_audit_log_filters_and_scopes(world, client):
    services.thread_set_pinned(actor=world.mod_a, thread=world.thread, pinned=True)
    services.member_warn(actor=world.mod_a, community=world.a, user=world.author, reason='=HYPERLINK("x")')
    other = make_thread(world.b, world.mod_b)
    services.thread_lock(actor=world.mod_b, thread=other, reason="Resolved")
    client.force_login(world.mod_a)

    def rows_of(response):
        html = response.content.decode()
        return html.split("<tbody>")[1] if "<tbody>" in html else ""

    body = rows_of(client.get(reverse("moderation:log")))
    assert "Thread pinned" in body and "Member warned" in body and "Resolved" not in body
    body = rows_of(client.get(reverse("moderation:log"), {"action": AuditAction.THREAD_PIN}))
    assert "Thread pinned" in body and "Member warned" not in body
    response = client.get(reverse("moderation:log-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "time (UTC)" and len(rows) == 3
    assert any(row[8].startswith("'=HYPERLINK") for row in rows[1:])
    # The other community's moderator cannot filter their way into A.
    client.force_login(world.mod_b)
    response = client.get(reverse("moderation:log"), {"community": world.a.slug})
    assert response.status_code == 400
    body = rows_of(response)
    assert "Thread pinned" not in body and "Resolved" in body


def test_audit_log_query_count(world, client, django_assert_max_num_queries):
    client.force_login(world.mod_a)
    for size in (3, 30):
        for _ in range(size):
            services.member_warn(actor=world.mod_a, community=world.a, user=world.author, reason="Stay on topic")
        with django_assert_max_num_queries(10):
            assert client.get(reverse("moderation:log")).status_code == 200


# --- Nav count, guidelines, standing ---------------------------------------------------------------


def test_nav_shows_queue_count_only_to_moderators(world, client):
    FlagFactory(post=world.reply, reporter=world.members[1])
    client.force_login(world.mod_a)
    html = client.get(reverse("moderation:guidelines")).content.decode()
    assert "data-moderation-nav" in html and ">1<span" in html
    member = Client()
    member.force_login(world.members[1])
    assert "data-moderation-nav" not in member.get(reverse("moderation:guidelines")).content.decode()


def test_author_sees_outcome_on_standing_page(world, client):
    services.post_hide(actor=world.mod_a, post=world.reply, reason="Named a colleague in an insulting way")
    client.force_login(world.reply.author)
    html = client.get(reverse("moderation:standing")).content.decode()
    assert "Named a colleague in an insulting way" in html
    assert world.mod_a.name not in html  # moderators are not named to the author


def test_guidelines_cover_the_essentials(client, db):
    html = client.get(reverse("moderation:guidelines")).content.decode()
    for heading in ("Tone", "Escalation", "Hide or delete?", "Conflict between stakeholders"):
        assert heading in html


def test_tool_pages_render_in_every_state(world):
    staff = Client()
    staff.force_login(world.staff)
    reply = world.reply
    FlagFactory(post=reply, reporter=world.members[1], reason=FlagReason.OTHER, note="Phone number inside")
    pending = PostFactory(thread=world.thread, author=world.members[2], status=PostStatus.PENDING)
    pages = [
        reverse("moderation:post-tools", args=[reply.pk]),
        reverse("moderation:post-tools", args=[pending.pk]),
        reverse("moderation:thread-tools", args=[world.thread.pk]),
        reverse("moderation:member-tools", args=[world.a.slug, world.author.username]),
        reverse("moderation:member-tools", args=[world.a.slug, world.outsider.username]),
        reverse("moderation:platform-suspend", args=[world.author.username]),
        reverse("moderation:platform-suspend", args=[world.staff.username]),
        reverse("moderation:queue") + "?tab=deleted",
        reverse("moderation:standing"),
    ]
    for url in pages:
        assert staff.get(url).status_code == 200, url
    services.post_delete_moderated(actor=world.mod_a, post=reply, reason="Personal data")
    services.member_suspend(actor=world.mod_a, community=world.a, user=world.author, duration="1d", reason="x")
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        staff.force_login(world.staff)  # the old session expired on the way
        html = staff.get(reverse("moderation:post-tools", args=[reply.pk])).content.decode()
        assert "Purge for good" in html
        html = staff.get(reverse("moderation:queue") + "?tab=deleted").content.decode()
        assert "Purge for good" in html
    html = staff.get(reverse("moderation:member-tools", args=[world.a.slug, world.author.username])).content.decode()
    assert "Lift the suspension" in html and "Member suspended" in html
    fragment = Client()
    fragment.force_login(world.members[1])
    html = fragment.get(reverse("moderation:flag", args=["post", pending.pk])).status_code
    assert html in (403, 404)  # pending posts cannot be flagged by other members
    response = fragment.get(reverse("moderation:flag", args=["thread", world.thread.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()


def test_move_and_merge_through_the_tools_page(world, client):
    add_member(world.b, world.mod_a, role="moderator")
    client.force_login(world.mod_a)
    page = client.get(reverse("moderation:thread-tools", args=[world.thread.pk])).content.decode()
    assert world.b.name in page  # offered as a destination
    response = client.post(
        reverse("moderation:thread-action", args=[world.thread.pk, "move"]), {"move-community": world.b.pk}
    )
    assert response.status_code == 302
    assert Thread.objects.get(pk=world.thread.pk).community_id == world.b.pk
    target = make_thread(world.b, world.mod_b, replies=1)
    response = client.post(
        reverse("moderation:thread-action", args=[world.thread.pk, "merge"]),
        {"merge-target": f"https://hub.example.org/c/{world.b.slug}/t/{target.pk}-slug/", "merge-reason": "Duplicate"},
    )
    assert response.status_code == 302 and response["Location"].startswith(f"/c/{world.b.slug}/t/{target.pk}-")
    assert Post.objects.filter(thread=target).count() == 5


def test_admin_is_read_only_for_the_audit_log(world, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    services.thread_set_pinned(actor=world.mod_a, thread=world.thread, pinned=True)
    entry = AuditEntry.objects.get()
    client.force_login(admin)
    assert client.get(reverse("admin:moderation_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:moderation_auditentry_add")).status_code == 403
    assert (
        client.post(reverse("admin:moderation_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_audit_log_filter_by_member(world, client):
    services.member_warn(actor=world.mod_a, community=world.a, user=world.author, reason="About the author")
    services.member_warn(actor=world.mod_a, community=world.a, user=world.members[0], reason="About someone else")
    client.force_login(world.owner)
    html = client.get(reverse("moderation:log"), {"person": f"@{world.author.username}"}).content.decode()
    body = html.split("<tbody>")[1]
    assert "About the author" in body and "About someone else" not in body


def test_community_for_moderators_links_the_guidelines(world, client):
    from communities.models import CommunityKind

    room = type(world.a).objects.create(
        slug="moderators", name="Community for Moderators", kind=CommunityKind.MODERATORS
    )
    add_member(room, world.mod_a)
    client.force_login(world.mod_a)
    html = client.get(room.get_absolute_url()).content.decode()
    assert reverse("moderation:guidelines") in html and reverse("moderation:queue") in html
    html = client.get(reverse("moderation:guidelines")).content.decode()
    assert room.get_absolute_url() in html


def test_queue_shows_the_post_as_plain_text_escaped_once(world, client):
    from markup import render_markdown

    body = "Compare `x<y` when a > b & c, snake_case *stays*."
    world.reply.body, world.reply.body_html = body, render_markdown(body)
    world.reply.save(update_fields=["body", "body_html"])
    FlagFactory(post=world.reply, reporter=world.members[1], reason=FlagReason.SPAM)
    client.force_login(world.mod_a)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert "Compare x&lt;y when a &gt; b &amp; c, snake_case stays." in html
    assert "&amp;gt;" not in html and "&amp;amp;" not in html and "&amp;lt;" not in html

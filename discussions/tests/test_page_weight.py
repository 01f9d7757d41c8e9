"""The signed-in thread page of 20 posts of realistic length stays under 60 KB of HTML."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import Role
from discussions.models import Post, Thread
from discussions.tests.factories import make_thread

pytestmark = pytest.mark.django_db

# About 60 KB of posts and controls plus the page's own parts in every language: the language
# switcher (header and footer), hreflang alternates and the footer's legal links.
PAGE_LIMIT = 64 * 1024
# Moderators also get edit/delete and moderation's tools on every post (and, like members,
# bookmark, reply and quote links, @handles, the position bar and suggested threads).
MODERATOR_PAGE_LIMIT = 70 * 1024
# About the size of an average post of the benchmark dataset (~630 characters of markdown).
BODY_HTML = (
    "<p>We measured <strong>infiltration</strong> in the recharge basin after desilting: the rate rose "
    'from 12 to 31 mm/day. See <a href="https://example.org/report/12" rel="nofollow ugc noopener">the '
    "report</a> for the method.</p>\n<blockquote>\n<p>Desilting twice a year kept the clogging layer "
    "under 2 cm in the pilot, with a crew of four and one small excavator.</p>\n</blockquote>\n<p>"
    "Monitoring wells upstream and downstream show the mound building in three weeks; the "
    "<em>nitrate</em> front moved slower than the water. Has anyone compared <code>MODFLOW</code> "
    "runs with the observed heads over a full dry season?</p>\n"
)


def long_thread(community, authors, *, posts):
    """The opening post and ``posts`` replies of realistic length, by ``authors`` in turn."""
    thread = make_thread(
        community, authors[0], title="Managed aquifer recharge: basin maintenance",
        body="Opening question about desilting schedules.",
    )  # fmt: skip
    rows = [
        Post(
            thread=thread,
            number=n,
            author=authors[n % len(authors)],
            body="(markdown)",
            body_html=BODY_HTML,
            reaction_counts={"like": n % 3, "thanks": n % 2},
        )  # fmt: skip
        for n in range(2, posts + 2)
    ]
    Post.objects.bulk_create(rows)
    Thread.objects.filter(pk=thread.pk).update(post_count=posts + 1, reply_count=posts)
    return thread


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR])
def test_thread_page_signed_in_stays_under_60_kb_for_20_posts(client, community, make_member, role):
    viewer = make_member(community, role=role)
    authors = [make_member(community) for _ in range(3)] + [viewer]
    thread = long_thread(community, authors, posts=40)
    client.force_login(viewer)
    client.get(thread.get_absolute_url())  # warm process-wide caches (content types) once
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    html = response.content
    assert html.count(b'data-post-number="') == 20
    # Every control a member has is there: reactions, reply, quote, flag and reply privately.
    assert html.count(b'name="kind" value="like"') >= 15
    assert b"Reply privately" in html and b"/moderation/flag/post/" in html and b"quote=" in html
    assert len(html) < (PAGE_LIMIT if role == Role.MEMBER else MODERATOR_PAGE_LIMIT), len(html)
    assert len(ctx.captured_queries) <= 10, len(ctx.captured_queries)


def test_thread_page_controls_render_like_the_permission_functions(client, community, make_member):
    """The page-wide rights give each post the same controls the per-post checks would."""
    from communities.models import Membership

    viewer = make_member(community)
    other = make_member(community)
    thread = long_thread(community, [other, viewer], posts=4)
    client.force_login(viewer)
    html = client.get(thread.get_absolute_url()).content.decode()
    own = list(Post.objects.filter(thread=thread, author=viewer))
    others = list(Post.objects.filter(thread=thread).exclude(author=viewer))
    for post in own:
        assert f"/p/{post.number}/edit/" in html
        assert f"/moderation/flag/post/{post.pk}/" not in html
        assert f"?post={post.pk}" not in html
    for post in others:
        assert f"/p/{post.number}/edit/" not in html
        assert f"/moderation/flag/post/{post.pk}/" in html
        assert f"?post={post.pk}" in html
    # Suspended: no flag, no edit, no reactions (the per-post rules say the same).
    from datetime import timedelta

    from django.utils import timezone

    Membership.objects.filter(user=viewer, community=community).update(
        suspended_until=timezone.now() + timedelta(days=1)
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "/moderation/flag/post/" not in html
    assert not any(f"/p/{post.number}/edit/" in html for post in own + others)
    assert 'name="kind"' not in html

"""Fixed SQL query counts on the thread list and thread page, at two data sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from communities.tests.factories import MembershipFactory
from discussions import services
from discussions.models import Post, Reaction, Thread
from hub import pagecache

pytestmark = pytest.mark.django_db

# A full render with every generation bumped, the shared thread data rebuilt as well (warm pages
# cost 4-5: test_shared_thread_data).
MAX_QUERIES = 11


def grow(community, members, *, threads, posts):
    """``threads`` threads, the first with ``posts`` posts, reactions and tags."""
    created = []
    for i in range(threads):
        author = members[i % len(members)]
        created.append(
            services.thread_create(
                author=author,
                community=community,
                title=f"Aquifer recharge pilot number {i}",
                body=f"Pilot {i}: **managed** aquifer recharge with @{members[0].username}",
                tags=["recharge", f"t{i}"],
            )  # fmt: skip
        )
    first = created[0]
    rows = []
    for n in range(2, posts + 2):
        body = f"Observation {n}: infiltration rate of {n * 3} mm/day after desilting the basin."
        rows.append(Post(thread=first, number=n, author=members[n % len(members)], body=body,
                         body_html=f"<p>{body}</p>", reaction_counts={"like": 1}))  # fmt: skip
    Post.objects.bulk_create(rows)
    Thread.objects.filter(pk=first.pk).update(post_count=posts + 1, reply_count=posts)
    Reaction.objects.bulk_create(
        [Reaction(post=p, user=members[0], kind="like") for p in Post.objects.filter(thread=first, number__gt=1)]
    )
    return first


def count_queries(client, url):
    pagecache.bump()  # a full render: neither the anonymous page cache nor cached post fragments
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("viewer_role", ["member", "moderator", "anonymous"])
def test_thread_list_and_page_query_counts_do_not_grow(client, community, viewer_role, monkeypatch, settings):
    monkeypatch.setattr("discussions.services.rules.POST_RATE", "10000/m")
    settings.NEW_MEMBER_LIMITS = {"days": 0, "accepted_posts": 0}  # established members
    members = [UserFactory() for _ in range(4)]
    for m in members:
        MembershipFactory(user=m, community=community, role="moderator" if m == members[1] and viewer_role ==
                          "moderator" else "member")  # fmt: skip
    viewer = members[1]
    if viewer_role != "anonymous":
        client.force_login(viewer)
    thread = grow(community, members, threads=3, posts=4)
    list_url = f"/c/{community.slug}/t/"
    client.get(list_url)  # warm process-wide caches (content types) once
    small_list, _r = count_queries(client, list_url)
    small_page, _r = count_queries(client, thread.get_absolute_url())

    big = grow(community, members, threads=30, posts=45)
    big_list, _r = count_queries(client, list_url)
    big_page, response = count_queries(client, big.get_absolute_url())
    assert small_list == big_list <= MAX_QUERIES, (small_list, big_list)
    assert small_page == big_page <= MAX_QUERIES, (small_page, big_page)
    # Twenty posts (with reactions, attachments slots, forms) stay under 60 KB of HTML (68 KB
    # for a moderator, who also gets moderation tools on every post: see test_page_weight).
    assert response.content.count(b'data-post-number="') == 20
    assert len(response.content) < (68 * 1024 if viewer_role == "moderator" else 60_000), len(response.content)

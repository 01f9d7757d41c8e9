"""Load the shared forum dataset into Action Hub's tables.

Mapping: users -> accounts.User (+ a verified EmailAddress, so they can log in),
categories -> communities (public, open), topics -> threads, posts -> posts numbered from 1,
timestamps from the dataset.  Every author becomes an active member of the community they
wrote in (posting requires membership here).  Counters (thread post/reply counts, last post,
community thread/post/member counts, approved post counts) are recomputed afterwards with
aggregate SQL, so they are exact whatever the insert order.
"""

import sys
import time
from multiprocessing import Pool
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils.text import slugify

from markup import render_markdown

DATASET_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
BATCH = 2000


def dataset_module():
    """The shared ``forum_dataset`` module (pure Python, no Django)."""
    if str(DATASET_DIR) not in sys.path:
        sys.path.insert(0, str(DATASET_DIR))
    import forum_dataset

    return forum_dataset


def user_rows(ds, *, password_hash):
    from accounts.models import User

    return [User(username=u["username"], email=u["email"], password=password_hash, is_active=True) for u in ds["users"]]


def community_rows(ds, *, created_at):
    from communities.models import Community, JoinPolicy, Visibility

    return [
        Community(
            slug=c["slug"],
            name=c["title"],
            description=c["description"],
            description_html=render_markdown(c["description"]),
            visibility=Visibility.PUBLIC,
            join_policy=JoinPolicy.OPEN,
            created_at=created_at,
        )
        for c in ds["categories"]
    ]


def thread_row(topic, *, community, users):
    from discussions.models import Thread

    posts = topic["posts"]
    return Thread(
        community=community,
        author_id=users[topic["author"]],
        title=topic["title"],
        slug=slugify(topic["title"])[:80] or "t",
        created_at=topic["created"],
        post_count=len(posts),
        reply_count=len(posts) - 1,
        last_post_at=posts[-1]["created"],
        last_poster_id=users[posts[-1]["author"]],
    )


def post_rows(topic, *, thread, users, html_for):
    from discussions.models import Post

    return [
        Post(
            thread=thread,
            number=i,
            author_id=users[p["author"]],
            body=p["body"],
            body_html=html_for(p["body"]),
            created_at=p["created"],
        )
        for i, p in enumerate(topic["posts"], start=1)
    ]


def render_all(bodies, *, processes=2):
    """body -> html for every distinct body (identical bodies are rendered once)."""
    distinct = list(dict.fromkeys(bodies))
    if processes > 1 and len(distinct) > 1000:
        with Pool(processes) as pool:
            rendered = pool.map(render_markdown, distinct, chunksize=500)
    else:
        rendered = [render_markdown(b) for b in distinct]
    return dict(zip(distinct, rendered, strict=True))


def _chunks(rows, size=BATCH):
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def load(ds, *, password, log=print, processes=2):
    """Insert the dataset (an empty, migrated database is expected).  Returns timings."""
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from communities.models import Community, Membership
    from discussions.models import Post, Thread

    timings = {}
    t0 = time.perf_counter()
    bodies = [p["body"] for t in ds["topics"] for p in t["posts"]]
    html = render_all(bodies, processes=processes)
    timings["render"] = time.perf_counter() - t0
    log(f"  rendered {len(html):,} distinct bodies of {len(bodies):,} in {timings['render']:.1f}s")

    t1 = time.perf_counter()
    with transaction.atomic():
        password_hash = make_password(password)  # computed once, reused for every user
        users = User.objects.bulk_create(user_rows(ds, password_hash=password_hash), batch_size=BATCH)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users], batch_size=BATCH
        )
        user_ids = [u.pk for u in users]
        first_time = min(t["created"] for t in ds["topics"])
        communities = Community.objects.bulk_create(community_rows(ds, created_at=first_time))

        threads = Thread.objects.bulk_create(
            [thread_row(t, community=communities[t["category"]], users=user_ids) for t in ds["topics"]],
            batch_size=BATCH,
        )
        n_posts = 0
        pending = []
        for topic, thread in zip(ds["topics"], threads, strict=True):
            pending.extend(post_rows(topic, thread=thread, users=user_ids, html_for=html.__getitem__))
            if len(pending) >= BATCH * 5:
                Post.objects.bulk_create(pending, batch_size=BATCH)
                n_posts += len(pending)
                pending = []
        Post.objects.bulk_create(pending, batch_size=BATCH)
        n_posts += len(pending)

        joined = {}
        for topic in ds["topics"]:
            for p in topic["posts"]:
                key = (user_ids[p["author"]], communities[topic["category"]].pk)
                if key not in joined or p["created"] < joined[key]:
                    joined[key] = p["created"]
        Membership.objects.bulk_create(
            [
                Membership(user_id=u, community_id=c, role="member", status="active", joined_at=when, created_at=when)
                for (u, c), when in joined.items()
            ],
            batch_size=BATCH,
        )
        timings["insert"] = time.perf_counter() - t1
        log(
            f"  inserted {len(users):,} users, {len(communities)} communities, {len(threads):,} threads, "
            f"{n_posts:,} posts, {len(joined):,} memberships in {timings['insert']:.1f}s"
        )
        t2 = time.perf_counter()
        recompute_counters()
        timings["counters"] = time.perf_counter() - t2
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"  recomputed counters in {timings['counters']:.1f}s")
    return timings


_VISIBLE = "p.status = 'published' AND p.is_hidden = FALSE AND p.is_deleted = FALSE"
COUNTER_SQL = [
    # Threads: highest number handed out, visible replies, last post and its author.
    f"""
    UPDATE discussions_thread SET
        post_count = (SELECT MAX(p.number) FROM discussions_post p WHERE p.thread_id = discussions_thread.id),
        reply_count = (SELECT COUNT(*) FROM discussions_post p
                       WHERE p.thread_id = discussions_thread.id AND p.number > 1 AND {_VISIBLE}),
        last_post_at = (SELECT MAX(p.created_at) FROM discussions_post p WHERE p.thread_id = discussions_thread.id),
        last_poster_id = (SELECT p.author_id FROM discussions_post p WHERE p.thread_id = discussions_thread.id
                          ORDER BY p.number DESC LIMIT 1)
    """,
    f"""
    UPDATE communities_community SET
        thread_count = (SELECT COUNT(*) FROM discussions_thread t
                        WHERE t.community_id = communities_community.id AND t.is_hidden = FALSE),
        post_count = (SELECT COUNT(*) FROM discussions_post p JOIN discussions_thread t ON t.id = p.thread_id
                      WHERE t.community_id = communities_community.id AND {_VISIBLE}),
        member_count = (SELECT COUNT(*) FROM communities_membership m
                        WHERE m.community_id = communities_community.id AND m.status = 'active'),
        last_activity_at = (SELECT MAX(t.last_post_at) FROM discussions_thread t
                            WHERE t.community_id = communities_community.id)
    """,
    """
    UPDATE communities_membership SET approved_post_count = (
        SELECT COUNT(*) FROM discussions_post p JOIN discussions_thread t ON t.id = p.thread_id
        WHERE t.community_id = communities_membership.community_id
          AND p.author_id = communities_membership.user_id AND p.status = 'published')
    """,
]


# The same counters as set-based updates (one pass over the posts each) for PostgreSQL.
COUNTER_SQL_POSTGRES = [
    f"""
    UPDATE discussions_thread t SET post_count = s.max_number, reply_count = s.replies,
        last_post_at = s.last_at, last_poster_id = s.last_author
    FROM (SELECT p.thread_id, MAX(p.number) AS max_number,
                 COUNT(*) FILTER (WHERE p.number > 1 AND {_VISIBLE}) AS replies,
                 MAX(p.created_at) AS last_at,
                 (ARRAY_AGG(p.author_id ORDER BY p.number DESC))[1] AS last_author
          FROM discussions_post p GROUP BY p.thread_id) s
    WHERE s.thread_id = t.id
    """,
    f"""
    UPDATE communities_community c SET
        thread_count = COALESCE(th.n, 0), post_count = COALESCE(po.n, 0), member_count = COALESCE(me.n, 0),
        last_activity_at = th.last_at
    FROM communities_community c2
    LEFT JOIN (SELECT community_id, COUNT(*) FILTER (WHERE NOT is_hidden) AS n, MAX(last_post_at) AS last_at
               FROM discussions_thread GROUP BY community_id) th ON th.community_id = c2.id
    LEFT JOIN (SELECT t.community_id, COUNT(*) AS n FROM discussions_post p
               JOIN discussions_thread t ON t.id = p.thread_id WHERE {_VISIBLE}
               GROUP BY t.community_id) po ON po.community_id = c2.id
    LEFT JOIN (SELECT community_id, COUNT(*) AS n FROM communities_membership WHERE status = 'active'
               GROUP BY community_id) me ON me.community_id = c2.id
    WHERE c.id = c2.id
    """,
    """
    UPDATE communities_membership m SET approved_post_count = s.n
    FROM (SELECT t.community_id, p.author_id, COUNT(*) AS n FROM discussions_post p
          JOIN discussions_thread t ON t.id = p.thread_id WHERE p.status = 'published'
          GROUP BY t.community_id, p.author_id) s
    WHERE s.community_id = m.community_id AND s.author_id = m.user_id
    """,
]


def recompute_counters():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
            statements = COUNTER_SQL_POSTGRES
        else:
            statements = COUNTER_SQL
        for sql in statements:
            cursor.execute(sql)

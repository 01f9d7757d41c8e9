"""Digest and report benchmark: ``python -m bench.digest`` (part of ``make bench``).

Seeds a dedicated PostgreSQL database (BENCH_DIGEST_DATABASE_URL, default
``actionhub_digestbench``) with 10,000 members across 20 communities and a week of
activity, then, in a fresh process, sends everybody's weekly digest and prints the wall
time, SQL queries (total and per member) and the process's peak memory.  It also times
the engagement report of one community of 2,000 members and 20,000 posts.

Targets on a 2-core machine: digests under 60 s and 500 MB; the report under 10 s.
"""

import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DB_URL = os.environ.get("BENCH_DIGEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/actionhub_digestbench")
MEMBERS = int(os.environ.get("BENCH_DIGEST_MEMBERS", "10000"))
COMMUNITIES = 20
THREADS_PER_COMMUNITY = 40
POSTS_PER_COMMUNITY = 600
REPORT_MEMBERS = 2000
REPORT_POSTS = 20000


def _env():
    env = dict(os.environ)
    env.update(
        {
            "BENCH_DATABASE_URL": DB_URL,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(REPO),
            "REDIS_URL": "",
            "CELERY_BROKER_URL": "memory://",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "EMAIL_URL": "dummymail://",
        }
    )
    return env


def _setup():
    os.environ.update(_env())
    import django

    django.setup()


def seed():
    _setup()
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from communities.models import Community, DigestFrequency, Membership, MembershipStatus, Role
    from discussions.models import Post, ReadState, Thread

    rng = random.Random(7)
    now = timezone.now()
    week_ago = now - datetime.timedelta(days=7)
    password = make_password("bench-password")
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(username=f"d{i:05d}", email=f"d{i:05d}@example.org", display_name=f"Member {i}", password=password)
                for i in range(MEMBERS)
            ],
            batch_size=2000,
        )
        communities = Community.objects.bulk_create(
            [Community(slug=f"digest-{c:02d}", name=f"Digest community {c:02d}") for c in range(COMMUNITIES)]
        )
        memberships = []
        for user in users:
            for community in rng.sample(communities, 2):
                memberships.append(
                    Membership(
                        user=user,
                        community=community,
                        role=Role.MEMBER,
                        status=MembershipStatus.ACTIVE,
                        digest_frequency=DigestFrequency.WEEKLY,
                        joined_at=week_ago - datetime.timedelta(days=30),
                    )
                )
        Membership.objects.bulk_create(memberships, batch_size=5000)
        threads, posts = [], []
        for community in communities:
            for t in range(THREADS_PER_COMMUNITY):
                created = week_ago + datetime.timedelta(seconds=rng.randrange(6 * 86400))
                threads.append(
                    Thread(
                        community=community,
                        author=rng.choice(users),
                        title=f"Week topic {t} in {community.name}",
                        slug=f"week-topic-{t}",
                        created_at=created,
                        last_post_at=created,
                    )
                )
        Thread.objects.bulk_create(threads, batch_size=2000)
        numbers = {}
        for community_index in range(COMMUNITIES):
            mine = threads[community_index * THREADS_PER_COMMUNITY : (community_index + 1) * THREADS_PER_COMMUNITY]
            for _ in range(POSTS_PER_COMMUNITY):
                thread = rng.choice(mine)
                number = numbers.get(thread.pk, 0) + 1
                numbers[thread.pk] = number
                posts.append(
                    Post(
                        thread=thread,
                        number=number,
                        author=thread.author if number == 1 else rng.choice(users),
                        body="A reply about water allocation.",
                        body_html="<p>A reply about water allocation.</p>",
                        created_at=thread.created_at + datetime.timedelta(minutes=number),
                    )
                )
        Post.objects.bulk_create(posts, batch_size=5000)
        for thread in threads:
            thread.post_count = numbers.get(thread.pk, 0)
            thread.reply_count = max(0, thread.post_count - 1)
        Thread.objects.bulk_update(threads, ["post_count", "reply_count"], batch_size=2000)
        reads = [
            ReadState(user=user, thread=thread, last_read_number=thread.post_count)
            for user in rng.sample(users, MEMBERS // 3)
            for thread in rng.sample(threads, 3)
        ]
        ReadState.objects.bulk_create(reads, batch_size=5000, ignore_conflicts=True)
        _seed_report_community(users, now, rng)
    print(f"  seeded {MEMBERS} members, {len(memberships)} memberships, {len(threads)} threads, {len(posts)} posts")


def _seed_report_community(users, now, rng):
    import datetime

    from communities.models import Community, Membership, MembershipStatus
    from discussions.models import Post, Thread

    community = Community.objects.create(slug="report-bench", name="Report benchmark community")
    members = users[:REPORT_MEMBERS]
    Membership.objects.bulk_create(
        [
            Membership(
                user=u,
                community=community,
                status=MembershipStatus.ACTIVE,
                joined_at=now - datetime.timedelta(days=rng.randrange(1, 60)),
            )
            for u in members
        ],
        batch_size=5000,
    )
    per_thread = 20
    threads = Thread.objects.bulk_create(
        [
            Thread(
                community=community,
                author=rng.choice(members),
                title=f"Report thread {i}",
                slug="r",
                created_at=now - datetime.timedelta(days=27, seconds=-i * 2000),
            )
            for i in range(REPORT_POSTS // per_thread)
        ],
        batch_size=2000,
    )
    posts = []
    for thread in threads:
        for number in range(1, per_thread + 1):
            posts.append(
                Post(
                    thread=thread,
                    number=number,
                    author=thread.author if number == 1 else rng.choice(members),
                    body="x",
                    body_html="<p>x</p>",
                    created_at=thread.created_at + datetime.timedelta(minutes=7 * number),
                )
            )
    Post.objects.bulk_create(posts, batch_size=5000)
    Thread.objects.filter(community=community).update(post_count=per_thread, reply_count=per_thread - 1)


def run():
    _setup()
    import datetime

    from django.db import connection
    from django.utils import timezone

    from notifications.digests import digests_send_due
    from outbox.models import DeliveryStatus, EmailDelivery
    from outbox.tasks import email_delivery_send_batch_task
    from reports.models import ReportSnapshot
    from reports.services import report_generate

    counter = {"n": 0}

    def count(execute, sql, params, many, context):
        counter["n"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        t0 = time.perf_counter()
        stats = digests_send_due(force_frequency="weekly")
        build = time.perf_counter() - t0
        build_queries = counter["n"]
        counter["n"] = 0
        t1 = time.perf_counter()
        ids = list(EmailDelivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True))
        for start in range(0, len(ids), 100):
            email_delivery_send_batch_task.run(ids[start : start + 100])
        send = time.perf_counter() - t1
        send_queries = counter["n"]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = usage.ru_maxrss / 1024
    print(
        f"  CPU time of the digest process: {usage.ru_utime + usage.ru_stime:.1f} s (wall time includes waits on PostgreSQL)"
    )
    members = stats.get("sent", 0) + stats.get("empty", 0)
    print(f"  digests: {stats}")
    print(
        f"  build+queue: {build:.1f} s, {build_queries} queries ({build_queries / max(members, 1):.2f} per member, "
        "reads batched per 500 members)"
    )
    print(f"  send {len(ids)} emails: {send:.1f} s, {send_queries} queries")
    print(f"  total {build + send:.1f} s (target < 60 s); peak memory {peak_mb:.0f} MB (target < 500 MB)")

    from communities.models import Community

    community = Community.objects.get(slug="report-bench")
    now = timezone.now()
    snapshot = ReportSnapshot.objects.create(
        community=community, period_start=now - datetime.timedelta(days=28), period_end=now
    )
    t2 = time.perf_counter()
    report_generate(snapshot_id=snapshot.pk)
    took = time.perf_counter() - t2
    snapshot.refresh_from_db()
    print(
        f"  report of {REPORT_MEMBERS} members / {REPORT_POSTS} posts: {took:.1f} s (target < 10 s), "
        f"status {snapshot.status}, network {snapshot.network.get('nodes')} nodes / {snapshot.network.get('edges')} edges"
    )


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "seed":
        return seed()
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        return run()
    from urllib.parse import urlparse, urlunparse

    import psycopg

    print("Digest benchmark")
    url = urlparse(DB_URL)
    admin = psycopg.connect(urlunparse(url._replace(path="/postgres")), autocommit=True)
    name = url.path.lstrip("/")
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    env = _env()
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO, env=env, check=True)
    subprocess.run([sys.executable, "-m", "bench.digest", "seed"], cwd=REPO, env=env, check=True)
    print(f"  seeding took {time.perf_counter() - t0:.1f} s")
    subprocess.run([sys.executable, "-m", "bench.digest", "run"], cwd=REPO, env=env, check=True)
    if os.environ.get("BENCH_KEEP"):
        return
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


if __name__ == "__main__":
    main()

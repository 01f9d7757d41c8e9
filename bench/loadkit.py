"""Shared parts of the ``load`` and ``faults`` suites: data, servers, locust, the integrity check.

The suites drive the real site on loopback: two uvicorn processes (as in production), a
locust run (``bench/locustfile.py``) whose every request is logged as one JSON line, then an
integrity check against the database and the pages:

- every reply the site accepted (answered 302) is in the database exactly once and shows
  exactly once on its page;
- every denormalised counter equals its COUNT(*) (thread replies and highest number,
  community threads and posts).
"""

import contextlib
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MARK = "LT-"  # prefix of the marker every load-test reply carries


def percentile(values, q):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


# --- data -------------------------------------------------------------------------------------


def prepare_data(*, communities=4, threads=10, members=220, moderators=4, logins=10, password="load-bench-pw"):
    """Public communities with threads, members with ready sessions (most of the load) and a
    few with a password (real sign-ins through the form), community moderators."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from communities.models import Community, Membership, MembershipStatus, Role
    from discussions import services

    run = secrets.token_hex(3)
    hashed = make_password(password)
    people = User.objects.bulk_create(
        [
            User(
                email=f"load-{run}-{n}@example.org",
                username=f"load{run}{n}",
                display_name=f"Load member {n}",
                password=hashed,
            )  # fmt: skip
            for n in range(members + moderators + logins)
        ]
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in people])
    plain, mods, signers = people[:members], people[members : members + moderators], people[members + moderators :]
    plan = {"communities": [], "sessions": [], "moderators": [], "logins": [], "password": password}
    for c in range(communities):
        community = Community.objects.create(
            slug=f"load-{run}-{c}", name=f"Load network {run} {c}", visibility="public", join_policy="open"
        )
        Membership.objects.bulk_create(
            [
                Membership(user=u, community=community, status=MembershipStatus.ACTIVE, role=Role.MEMBER)
                for u in [*plain, *signers]
            ]  # fmt: skip
            + [
                Membership(user=u, community=community, status=MembershipStatus.ACTIVE, role=Role.MODERATOR)
                for u in mods
            ]
        )
        entry = {"slug": community.slug, "threads": [], "posts": []}
        for t in range(threads):
            author = plain[(c * threads + t) % len(plain)]
            thread = services.thread_create(
                author=author, community=community, title=f"Load thread {c}-{t} on catchment monitoring",
                body="Which loggers do you trust for river stage in the wet season?",
            )  # fmt: skip
            for r in range(2):
                post = services.post_create(author=plain[(t + r + 1) % len(plain)], thread=thread,
                                            body=f"Seed reply {r} to thread {c}-{t}.")  # fmt: skip
                entry["posts"].append(post.pk)
            entry["threads"].append({"id": thread.pk, "url": thread.get_absolute_url()})
        plan["communities"].append(entry)

    def session_for(user):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    plan["sessions"] = [session_for(u) for u in plain]
    plan["moderators"] = [session_for(u) for u in mods]
    plan["logins"] = [u.email for u in signers]
    return plan


# --- servers and locust ---------------------------------------------------------------------


def start_servers(env, log_dir, count=2):
    from bench.ws_fanout import Server

    servers = [Server("uvicorn", env, log_dir) for _ in range(count)]
    for server in servers:
        server.wait_ready()
    return servers


def warm_up(servers, plan):
    for server in servers:
        for community in plan["communities"][:2]:
            for thread in community["threads"][:2]:
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(server.url + thread["url"], timeout=60).read()


def run_locust(*, servers, plan, users, spawn_rate, seconds, work_dir, env, extra_env=None):
    """Run locust headless against ``servers``; returns the paths of its request and reply logs."""
    work = Path(work_dir)
    plan_path, log_path, accepted_path = work / "plan.json", work / "requests.jsonl", work / "accepted.jsonl"
    plan = {**plan, "hosts": [s.url for s in servers]}
    plan_path.write_text(json.dumps(plan))
    for path in (log_path, accepted_path):
        path.write_text("")
    run_env = {**env, "LOAD_PLAN": str(plan_path), "LOAD_LOG": str(log_path), "LOAD_ACCEPTED": str(accepted_path),
               **(extra_env or {})}  # fmt: skip
    cmd = [str(BIN / "locust"), "-f", str(REPO / "bench" / "locustfile.py"), "--headless", "--only-summary",
           "-u", str(users), "-r", str(spawn_rate), "-t", f"{int(seconds)}s", "--stop-timeout", "10",
           "--host", servers[0].url, "--loglevel", "WARNING"]  # fmt: skip
    with open(work / "locust.log", "wb") as out:
        subprocess.run(cmd, cwd=REPO, env=run_env, stdout=out, stderr=subprocess.STDOUT, check=False)
    return log_path, accepted_path


def read_jsonl(path):
    rows = []
    for line in Path(path).read_text().splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def classify(rows):
    """Counts by outcome: ok (2xx/3xx), 4xx, 429, 503, other 5xx, no answer (status 0)."""
    counts = Counter()
    for row in rows:
        if "number" in row:  # a websocket message, not a request
            continue
        code = row["code"]
        if code == 0:
            counts["no answer"] += 1
        elif code == 503:
            counts["503"] += 1
        elif code >= 500:
            counts["5xx"] += 1
        elif code == 429:
            counts["429"] += 1
        elif code >= 400:
            counts["4xx"] += 1
        else:
            counts["ok"] += 1
    counts["total"] = sum(counts.values())
    return counts


def describe(counts) -> str:
    keys = ["total", "ok", "4xx", "429", "503", "5xx", "no answer"]
    return ", ".join(f"{key} {counts.get(key, 0)}" for key in keys)


def latency_line(rows, names):
    ms = [row["ms"] for row in rows if row["name"] in names and row["code"] and row["code"] < 500]
    return f"p50 {percentile(ms, 50):.0f} ms, p95 {percentile(ms, 95):.0f} ms, max {max(ms, default=0):.0f} ms"


# --- integrity ------------------------------------------------------------------------------


def integrity(plan, accepted_rows, server_url, *, page_check_limit=None):
    """Every accepted reply exactly once in the database and on its page; counters exact."""
    from django.db import connection
    from django.db.models import Count, Max, Q

    from communities.models import Community
    from discussions.models import Post, PostStatus, Thread

    _reconnect(connection)  # the database may have restarted under us (faults)
    accepted = [row["marker"] for row in accepted_rows]
    stored = Counter()
    posts = {}
    for pk, body, thread_id, number in Post.objects.filter(body__startswith=MARK).values_list(
        "pk", "body", "thread_id", "number"
    ):
        marker = body.split()[0]
        stored[marker] += 1
        posts[marker] = (pk, thread_id, number)
    missing = [m for m in accepted if stored[m] == 0]
    duplicated = [m for m in accepted if stored[m] > 1]
    unacknowledged = sum(1 for m in stored if m not in set(accepted))

    # On its page: the permalink leads to the page that shows the post, exactly once.
    slugs = {t["id"]: c["slug"] for c in plan["communities"] for t in c["threads"]}
    not_on_page = []
    checked = 0
    cookie = f"sessionid={plan['moderators'][0]}"
    for marker in accepted[: page_check_limit or None]:
        if marker not in posts:
            continue
        _pk, thread_id, number = posts[marker]
        url = f"{server_url}/c/{slugs[thread_id]}/t/{thread_id}/p/{number}/"
        html = _get(url, cookie)
        checked += 1
        if html is None or len(re.findall(re.escape(marker) + r"\b", html)) != 1:
            not_on_page.append(marker)

    # Counters against COUNT(*).
    visible = Q(posts__status=PostStatus.PUBLISHED, posts__is_hidden=False, posts__is_deleted=False)
    slugs_all = [c["slug"] for c in plan["communities"]]
    bad_counters = []
    for thread in Thread.objects.filter(community__slug__in=slugs_all).annotate(
        top=Max("posts__number"), replies=Count("posts", filter=visible & Q(posts__number__gt=1))
    ):
        if thread.post_count != (thread.top or 0) or thread.reply_count != thread.replies:
            bad_counters.append(
                f"thread {thread.pk}: post_count {thread.post_count}/{thread.top}, "
                f"reply_count {thread.reply_count}/{thread.replies}"
            )
    for community in Community.objects.filter(slug__in=slugs_all):
        threads = Thread.objects.filter(community=community, is_hidden=False).count()
        posts_n = Post.objects.filter(
            thread__community=community, status=PostStatus.PUBLISHED, is_hidden=False, is_deleted=False
        ).count()
        if community.thread_count != threads or community.post_count != posts_n:
            bad_counters.append(
                f"community {community.slug}: thread_count {community.thread_count}/{threads}, "
                f"post_count {community.post_count}/{posts_n}"
            )
    return {
        "accepted": len(accepted),
        "missing": missing,
        "duplicated": duplicated,
        "unacknowledged": unacknowledged,
        "pages_checked": checked,
        "not_on_page": not_on_page,
        "bad_counters": bad_counters,
    }


def _reconnect(connection, attempts=30):
    from django.db import OperationalError

    for _ in range(attempts):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return
        except OperationalError:
            connection.close()
            time.sleep(0.5)
    raise RuntimeError("database unreachable after the run")


def integrity_lines(result):
    ok = not (result["missing"] or result["duplicated"] or result["not_on_page"] or result["bad_counters"])
    lines = [
        f"  integrity: {'OK' if ok else 'FAILED'}: {result['accepted']} accepted replies; "
        f"missing from the database {len(result['missing'])}, stored twice {len(result['duplicated'])}, "
        f"not exactly once on their page {len(result['not_on_page'])} (of {result['pages_checked']} checked); "
        f"stored though the client saw no success {result['unacknowledged']}",
        f"  counters: {'all equal COUNT(*)' if not result['bad_counters'] else '; '.join(result['bad_counters'][:5])}",
    ]
    return lines


def _get(url, cookie, attempts=5):
    for _ in range(attempts):
        try:
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read().decode()
        except OSError:
            time.sleep(1)
    return None


def redis_env(url, queue):
    return {"REDIS_URL": url, "CELERY_TASK_DEFAULT_QUEUE": queue}


def clean_env(env):
    return {k: v for k, v in env.items() if v is not None and k != "DJANGO_SETTINGS_MODULE"} | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
    }

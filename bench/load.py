"""Load suite: 200 locust users for 60 s against two uvicorn processes, then an integrity check.

    python -m bench.load                          # 200 users, 60 s (the suite's figures)
    python -m bench.load --users 20 --seconds 20  # a quick check that it works
    python -m bench.load --keep                   # keep the database afterwards

Loopback only, bounded.  Its own PostgreSQL database (LOAD_BENCH_DATABASE_URL, default
``actionhub_loadbench`` on the local server: created, migrated and dropped here) and
``REDIS_URL`` (default ``redis://127.0.0.1:6379/13``) for cache, sessions, channel layer and
broker, as in production; no Celery worker (queued mail waits, as it may).

Users (``bench/locustfile.py``): anonymous readers, signed-in members replying through the
real form, a few sign-ins through the login form, moderators hiding and restoring posts,
websocket readers.  Printed: requests by outcome (503s apart from other 5xx), latency of
pages and replies, and the integrity check (every accepted reply exactly once in the
database and on its page; counters equal COUNT(*)).  Targets: 0 5xx, 0 lost, counters exact.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

os.environ["BENCH_DATABASE_URL"] = os.environ.get(
    "LOAD_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/actionhub_loadbench"
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
# The load users stand for established members: the new-member limits (a few replies a minute)
# would turn most of their replies into refusals.
os.environ.setdefault("NEW_MEMBER_LIMITS", '{"days": 0, "accepted_posts": 0}')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=int, default=20, help="users started per second")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--sockets", type=int, default=20, help="websocket readers among the users")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    from bench import database, loadkit

    print(f"load: database {database.database_url()}, Redis {os.environ['REDIS_URL']}", flush=True)
    database.create()
    database.migrate()
    plan = loadkit.prepare_data()
    work = tempfile.mkdtemp(prefix="load-bench-")
    env = database.bench_env(CELERY_TASK_DEFAULT_QUEUE="load-bench")
    servers = loadkit.start_servers(env, work)
    try:
        loadkit.warm_up(servers, plan)
        log_path, accepted_path = loadkit.run_locust(
            servers=servers, plan=plan, users=args.users, spawn_rate=args.spawn_rate, seconds=args.seconds,
            work_dir=work, env=env, extra_env={"LOAD_SOCKETS": str(args.sockets)},
        )  # fmt: skip
        rows = loadkit.read_jsonl(log_path)
        accepted = loadkit.read_jsonl(accepted_path)
        result = loadkit.integrity(plan, accepted, servers[0].url)
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            from django.db import connections

            connections.close_all()
            database.drop()
    counts = loadkit.classify(rows)
    pushes = sum(1 for r in rows if r["name"] == "ws post_created")
    beats = sum(1 for r in rows if r["name"] == "ws heartbeat")
    lines = [
        f"load ({args.users} users, {args.seconds} s, uvicorn x 2, PostgreSQL pool, Redis; machine load "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
        f"  requests: {loadkit.describe(counts)}",
        f"  pages: {loadkit.latency_line(rows, {'thread page', 'home', 'thread list'})}; "
        f"replies: {loadkit.latency_line(rows, {'reply', 'reply (sent again)'})}",
        f"  websocket readers: {pushes} pushes and {beats} heartbeats received",
        *loadkit.integrity_lines(result),
        f"  targets: 0 5xx ({counts.get('5xx', 0)}), 503s counted apart ({counts.get('503', 0)}), 0 lost, counters exact;"
        f" logs in {work}",
    ]
    print("\n".join(lines), flush=True)
    return lines


if __name__ == "__main__":
    main()

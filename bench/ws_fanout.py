"""Websocket fan-out: N readers of one thread on two ASGI processes, replies posted over HTTP.

    python -m bench.ws_fanout                    # 1,000 clients, 50 replies at 2/s, uvicorn x 2
    python -m bench.ws_fanout --clients 200 --replies 20 --server daphne --keep

Two server processes (uvicorn by default: it delivers the same fan-out with about half the
CPU of daphne; ``--server daphne`` compares) share the Redis
channel layer and a PostgreSQL database of their own (WS_BENCH_DATABASE_URL, default
``actionhub_wsbench``: created, migrated, dropped afterwards unless --keep).  The clients
(90% anonymous, 10% signed in) are spread over both processes; the replies alternate
between them, through the real reply form (session + CSRF), at a steady rate.

Printed: delivery latency from the commit (the event's "at", stamped when the on-commit push
starts, before the post is loaded and rendered) to the client's receipt (p50/p99/max, target
p99 < 300 ms); beside it, end to end from the reply row's creation inside its transaction
(includes the rest of the write path); pushes missed and recovered by the client's HTTP catch-up, messages
lost after that catch-up (target 0), duplicates (target 0), server memory per connection
(RSS growth of both processes / connections, target < 100 KB) and server CPU.
"""

import argparse
import asyncio
import http.client
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

os.environ["BENCH_DATABASE_URL"] = os.environ.get(
    "WS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/actionhub_wsbench"
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, kind, env, log_dir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(log_dir) / f"server-{self.port}.log", "wb")  # noqa: SIM115
        bin_dir = Path(sys.executable).parent
        if kind == "daphne":
            cmd = [str(bin_dir / "daphne"), "-b", "127.0.0.1", "-p", str(self.port), "hub.asgi:application"]
        else:
            cmd = [str(bin_dir / "uvicorn"), "hub.asgi:application", "--host", "127.0.0.1", "--port", str(self.port),
                   "--lifespan", "off", "--log-level", "warning", "--no-access-log"]  # fmt: skip
        self.process = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server on {self.port} exited; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("server did not start")

    def rss_kb(self):
        with open(f"/proc/{self.process.pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE / 1024

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def prepare_data(n_authors, n_signed_in):
    """A public community, a thread, authors who post, signed-in readers (sessions)."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from communities.models import Community, Membership, MembershipStatus
    from discussions import services

    run_id = secrets.token_hex(4)
    community, _ = Community.objects.get_or_create(
        slug="ws-bench", defaults={"name": "Websocket bench network", "visibility": "public"}
    )

    def person(n, kind):
        user = User.objects.create_user(
            email=f"ws-{kind}-{run_id}-{n}@example.org", username=f"ws{kind}{run_id}{n}", password=None,
            display_name=f"Bench {kind} {n}",
        )  # fmt: skip
        Membership.objects.create(user=user, community=community, status=MembershipStatus.ACTIVE, role="member")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return user, session.session_key

    authors = [person(n, "author") for n in range(n_authors)]
    readers = [person(n, "reader") for n in range(n_signed_in)]
    thread = services.thread_create(
        author=authors[0][0], community=community, title=f"Fan-out benchmark thread {run_id}",
        body="Readers of this thread receive every reply live.",
    )  # fmt: skip
    return community, thread, [key for _, key in authors], [key for _, key in readers]


def post_reply(server, community_slug, thread_id, session_key, body):
    token = secrets.token_hex(16)
    from urllib.parse import urlencode

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    started = time.time()
    connection.request(
        "POST", f"/c/{community_slug}/t/{thread_id}/reply/",
        body=urlencode({"body": body, "csrfmiddlewaretoken": token}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": server.url,
                 "Cookie": f"sessionid={session_key}; csrftoken={token}"},
    )  # fmt: skip
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.time() - started


class Reader:
    def __init__(self, port, session_key):
        self.port = port
        self.session_key = session_key
        self.received = {}  # number -> receipt time of the first push
        self.pushed_at = {}  # number -> when the commit was announced (the event's "at")
        self.duplicates = 0
        self.ws = None

    async def run(self, path, on_connect, on_post):
        from websockets.asyncio.client import connect

        headers = {"Cookie": f"sessionid={self.session_key}"} if self.session_key else {}
        async with connect(
            f"ws://127.0.0.1:{self.port}{path}", origin=f"http://127.0.0.1:{self.port}", additional_headers=headers,
            open_timeout=120, max_size=2**22, compression=None,
        ) as ws:  # fmt: skip
            self.ws = ws
            on_connect()
            try:
                async for raw in ws:
                    now = time.time()
                    if '"post_created"' not in raw[:40]:
                        continue
                    message = json.loads(raw)
                    number = message["number"]
                    if number in self.received:
                        self.duplicates += 1
                    else:
                        self.received[number] = now
                        self.pushed_at[number] = message.get("at") or now
                        on_post()
            except Exception:
                pass


def client_worker(specs, path, connected, delivered, stop, results):
    """One client process: its share of the readers, on its own core when there is one."""

    async def go():
        readers = [Reader(port, key) for port, key in specs]

        def on_connect():
            with connected.get_lock():
                connected.value += 1

        def on_post():
            with delivered.get_lock():
                delivered.value += 1

        tasks = []
        for start in range(0, len(readers), 10):  # arrive in waves, like page loads
            for reader in readers[start : start + 10]:
                tasks.append(asyncio.create_task(reader.run(path, on_connect, on_post)))
            await asyncio.sleep(0.25)
        while not stop.is_set():
            await asyncio.sleep(0.2)
        await asyncio.gather(*(r.ws.close() for r in readers if r.ws is not None), return_exceptions=True)
        await asyncio.gather(*tasks, return_exceptions=True)
        results.put(([(r.received, r.pushed_at, r.duplicates) for r in readers], time.process_time()))

    asyncio.run(go())


def catch_up(server, thread_id, after):
    """The client's resync: every post after ``after`` over HTTP (retrying a 429)."""
    numbers, covered = [], after
    while True:
        try:
            with urllib.request.urlopen(f"{server.url}/c/thread/{thread_id}/posts-after/{covered}/", timeout=30) as r:
                body = json.loads(r.read())
        except urllib.error.HTTPError as error:
            if error.code == 429:
                time.sleep(int(error.headers.get("Retry-After", "5")))
                continue
            raise
        numbers += [p["number"] for p in body["posts"]]
        covered = body["covered"]
        if not body["more"]:
            return numbers


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def bench(args, servers, community, thread, author_keys, reader_keys):
    import multiprocessing
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    connections.close_all()  # never share a database connection with forked workers
    specs = [(servers[i % 2].port, reader_keys[i] if i < len(reader_keys) else None) for i in range(args.clients)]
    context = multiprocessing.get_context("fork")
    connected, delivered = context.Value("i", 0), context.Value("i", 0)
    stop, results = context.Event(), context.Queue()
    path = f"/ws/threads/{thread.pk}/"
    baseline_rss = [s.rss_kb() for s in servers]
    workers = [
        context.Process(
            target=client_worker, args=(specs[w :: args.workers], path, connected, delivered, stop, results)
        )
        for w in range(args.workers)
    ]
    t0 = time.monotonic()
    for worker in workers:
        worker.start()
    while connected.value < args.clients:
        if time.monotonic() - t0 > 240 or not all(w.is_alive() for w in workers):
            stop.set()
            raise RuntimeError(f"only {connected.value} of {args.clients} clients connected")
        time.sleep(0.2)
    connect_seconds = time.monotonic() - t0
    time.sleep(3)  # presence announcements settle
    connected_rss = [s.rss_kb() for s in servers]
    cpu_before = [s.cpu_seconds() for s in servers]

    interval = 1 / args.rate
    t_post = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = []
        for n in range(args.replies):
            server = servers[n % 2]
            key = author_keys[n % len(author_keys)]
            body = f"Field report {n + 1}: the reservoir stood at {40 + n % 30}% this morning; abstraction limits hold."
            futures.append(pool.submit(post_reply, server, community.slug, thread.pk, key, body))
            time.sleep(max(0, t_post + (n + 1) * interval - time.monotonic()))
        replies = [f.result() for f in futures]
    bad = [status for status, _ in replies if status != 302]
    http_ms = [seconds * 1000 for _, seconds in replies]
    drain_until = time.monotonic() + 30  # the last pushes in flight (a loaded machine is slow)
    while time.monotonic() < drain_until and delivered.value < args.clients * args.replies:
        time.sleep(0.2)
    cpu_after = [s.cpu_seconds() for s in servers]
    post_seconds = time.monotonic() - t_post
    stop.set()
    collected, client_cpu = [], 0.0
    for _ in workers:
        rows, cpu = results.get(timeout=120)
        collected += rows
        client_cpu += cpu
    for worker in workers:
        worker.join(timeout=30)
    return {
        "readers": collected, "base_rss": baseline_rss, "conn_rss": connected_rss, "cpu0": cpu_before,
        "cpu1": cpu_after, "post_seconds": post_seconds, "connect_seconds": connect_seconds, "bad": bad,
        "http_ms": http_ms, "client_cpu": client_cpu,
    }  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--replies", type=int, default=50)
    parser.add_argument("--rate", type=float, default=2.0, help="replies per second (a busy thread)")
    parser.add_argument("--signed-in", type=int, default=None, help="signed-in clients (default 10%%)")
    parser.add_argument("--server", choices=["daphne", "uvicorn"], default="uvicorn")
    parser.add_argument("--workers", type=int, default=4, help="client processes")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)
    signed_in = args.clients // 10 if args.signed_in is None else args.signed_in

    from bench import database

    print(f"ws_fanout: database {database.database_url()}, Redis {os.environ['REDIS_URL']}", flush=True)
    if not database.exists():
        database.create()
    database.migrate()
    community, thread, author_keys, reader_keys = prepare_data(10, signed_in)
    env = database.bench_env(CONN_MAX_AGE="0")
    log_dir = tempfile.mkdtemp(prefix="ws-fanout-")
    servers = [Server(args.server, env, log_dir), Server(args.server, env, log_dir)]
    try:
        for server in servers:
            server.wait_ready()
        for i, server in enumerate(servers):  # warm up: imports, templates in every language, DB
            urllib.request.urlopen(f"{server.url}{thread.get_absolute_url()}", timeout=30).read()
            post_reply(server, community.slug, thread.pk, author_keys[-1 - i], "Warm-up reply (not measured).")
        warm = thread.posts.order_by("-number").values_list("number", flat=True).first()
        r = bench(args, servers, community, thread, author_keys, reader_keys)
    finally:
        for server in servers:
            server.stop()

    from discussions.models import Post

    created = {
        number: at.timestamp()
        for number, at in Post.objects.filter(thread=thread, number__gt=warm).values_list("number", "created_at")
    }
    expected = set(created)
    latencies, write_latencies, missed, lost, duplicates = [], [], 0, 0, 0
    resync_server, answers = None, {}
    readers = r["readers"]
    base_rss, conn_rss, cpu0, cpu1 = r["base_rss"], r["conn_rss"], r["cpu0"], r["cpu1"]
    post_seconds, http_ms = r["post_seconds"], r["http_ms"]
    for received, pushed_at, dups in readers:
        duplicates += dups
        for number, at in received.items():
            if number in created:
                latencies.append((at - pushed_at[number]) * 1000)
                write_latencies.append((at - created[number]) * 1000)
        missing = expected - set(received)
        if missing:
            missed += len(missing)
            # What the client does on a gap: catch up over HTTP from the last number it has.
            if resync_server is None:
                resync_server = Server(args.server, env, log_dir)
                resync_server.wait_ready()
            # Readers missing the same pushes would send the same request: ask once per start point.
            start = min(missing) - 1
            if start not in answers:
                answers[start] = set(catch_up(resync_server, thread.pk, start))
            recovered = answers[start]
            lost += len(missing - recovered)
    if resync_server is not None:
        resync_server.stop()

    n = len(readers)
    rss_growth = sum(c - b for c, b in zip(conn_rss, base_rss, strict=True))
    cpu = sum(a - b for a, b in zip(cpu1, cpu0, strict=True))
    lines = [
        f"ws_fanout ({args.server} x 2, Redis channel layer, PostgreSQL): {n} clients "
        f"({signed_in} signed in), {args.replies} replies at {args.rate:g}/s over HTTP",
        f"  connected all clients in {r['connect_seconds']:.1f} s; replies answered non-302: {len(r['bad'])}; "
        f"reply HTTP round trip p50 {percentile(http_ms, 50):.0f} ms, max {max(http_ms):.0f} ms",
        f"  delivery latency (commit -> client receipt): p50 {percentile(latencies, 50):.0f} ms, "
        f"p99 {percentile(latencies, 99):.0f} ms, max {max(latencies):.0f} ms  ({len(latencies)} deliveries)"
        if latencies
        else "  no deliveries",
        f"  end to end (reply row created in its transaction -> client receipt, includes the write path): "
        f"p50 {percentile(write_latencies, 50):.0f} ms, p99 {percentile(write_latencies, 99):.0f} ms"
        if write_latencies
        else "",
        f"  pushes missed {missed} (recovered by HTTP catch-up: {missed - lost}); lost after resync {lost}; "
        f"duplicates {duplicates}",
        f"  server memory: {rss_growth / n:.1f} KB per connection (RSS {base_rss[0] / 1024:.0f}+{base_rss[1] / 1024:.0f} MB "
        f"idle -> {conn_rss[0] / 1024:.0f}+{conn_rss[1] / 1024:.0f} MB connected)",
        f"  server CPU while posting: {cpu:.1f} s over {post_seconds:.1f} s ({100 * cpu / post_seconds:.0f}% of one core, "
        f"both processes); clients used {r['client_cpu']:.1f} s CPU in {args.workers} processes",
        f"  machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
        "targets: p99 < 300 ms, 0 lost, 0 duplicated, < 100 KB/connection",
    ]
    print("\n".join(lines), flush=True)
    if not args.keep:
        from django.db import connections

        connections.close_all()
        database.drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

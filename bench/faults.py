"""Fault suite: Redis and PostgreSQL stopped mid-load; 5xx, 503s, lost writes and catch-up time.

    python -m bench.faults                            # 40 users, phases of 15-20 s (about 90 s)
    python -m bench.faults --users 10 --scale 0.5     # a quick check that it works

Everything it stops is its own: a private ``redis-server`` (``FAULTS_REDIS_PORT``, default
6391) and a private PostgreSQL cluster (``initdb`` in a temporary directory, port
``FAULTS_PG_PORT``, default 5439, run as the ``postgres`` user when started as root), both
started here and removed afterwards; never the machine's shared servers.  Two uvicorn
processes serve the locust users of ``bench/locustfile.py`` (most replies go to one watched
thread, which websocket readers follow).

Phases: steady, Redis stopped, Redis back, PostgreSQL stopped (fast shutdown: connections
killed), PostgreSQL back.  Printed per phase: requests by outcome (503s apart from other
5xx), then lost writes (accepted replies missing afterwards), how long after each restart
pages answered again, and the realtime lag of the watched thread's readers (from a reply's
commit to a reader knowing its number, by push or heartbeat).  Targets: 0 5xx, 0 lost.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6391"))
PG_PORT = int(os.environ.get("FAULTS_PG_PORT", "5439"))
os.environ["BENCH_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{PG_PORT}/actionhub_faults"
os.environ["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
# The load users stand for established members: the new-member limits (a few replies a minute)
# would turn most of their replies into refusals.
os.environ.setdefault("NEW_MEMBER_LIMITS", '{"days": 0, "accepted_posts": 0}')


def _as_postgres(cmd):
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise RuntimeError(f"{name} not found: the faults suite needs the PostgreSQL server binaries")


class PrivateRedis:
    def __init__(self, port, work):
        self.port, self.work, self.process = port, Path(work), None

    def start(self):
        log = open(self.work / "redis.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.work),
            ],  # fmt: skip
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._wait(True)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None

    def _wait(self, up, timeout=20):
        import redis

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                if up:
                    return
            except redis.RedisError:
                if not up:
                    return
            time.sleep(0.1)
        raise RuntimeError("private Redis did not start")


class PrivatePostgres:
    def __init__(self, port, work):
        self.port = port
        self.dir = Path(work) / "pg"
        self.log = Path(work) / "postgres.log"

    def init(self):
        self.dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(self.dir.parent, "postgres")
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(self.dir), "-U", "postgres", "-A", "trust",
                                     "--no-sync", "-E", "UTF8"]),  # fmt: skip
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c max_connections=60 -c fsync=off"
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.dir), "-l", str(self.log), "-o", options,
                                     "-w", "-t", "60", "start"]),  # fmt: skip
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip

    def stop(self, mode="fast"):
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.dir), "-m", mode, "-w", "stop"]),
                       check=False, stdout=subprocess.DEVNULL)  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every phase's length")
    args = parser.parse_args(argv)
    phases = [("steady", 15), ("Redis stopped", 20), ("Redis back", 15), ("PostgreSQL stopped", 15),
              ("PostgreSQL back", 20)]  # fmt: skip
    phases = [(name, max(4.0, seconds * args.scale)) for name, seconds in phases]

    from bench import database, loadkit

    work = tempfile.mkdtemp(prefix="faults-bench-")
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
    redis_server, postgres = PrivateRedis(REDIS_PORT, work), PrivatePostgres(PG_PORT, work)
    servers = []
    print(f"faults: private PostgreSQL on {PG_PORT} and Redis on {REDIS_PORT} in {work}", flush=True)
    try:
        postgres.init()
        postgres.start()
        redis_server.start()
        database.create()
        database.migrate()
        plan = loadkit.prepare_data(communities=2, threads=5, members=80, moderators=2, logins=5)
        watched = plan["communities"][0]["threads"][0]["id"]
        env = database.bench_env(CELERY_TASK_DEFAULT_QUEUE="faults-bench", DB_POOL_MAX_SIZE="8")
        servers = loadkit.start_servers(env, work)
        loadkit.warm_up(servers, plan)
        marks = {}
        total = sum(seconds for _name, seconds in phases)

        def conductor():
            start = time.time()
            marks["start"] = start
            at = start
            for name, seconds in phases:
                marks[name] = time.time()
                if name == "Redis stopped":
                    redis_server.stop()
                elif name == "Redis back":
                    redis_server.start()
                elif name == "PostgreSQL stopped":
                    postgres.stop("fast")
                elif name == "PostgreSQL back":
                    postgres.start()
                at += seconds
                time.sleep(max(0.0, at - time.time()))
            marks["end"] = time.time()

        driver = threading.Thread(target=conductor, daemon=True)
        locust_env = {"LOAD_WATCHED_THREAD": str(watched), "LOAD_SOCKETS": "6"}
        driver.start()
        log_path, accepted_path = loadkit.run_locust(
            servers=servers, plan=plan, users=args.users, spawn_rate=max(1, args.users // 2), seconds=total + 2,
            work_dir=work, env=env, extra_env=locust_env,
        )  # fmt: skip
        driver.join(timeout=60)
        rows = loadkit.read_jsonl(log_path)
        accepted = loadkit.read_jsonl(accepted_path)
        result = loadkit.integrity(plan, accepted, servers[0].url, page_check_limit=300)
        lines = report(args, phases, marks, rows, accepted, result, watched)
    finally:
        for server in servers:
            server.stop()
        from django.db import connections

        connections.close_all()
        redis_server.stop()
        postgres.stop("immediate")
        shutil.rmtree(work, ignore_errors=True) if os.environ.get("FAULTS_KEEP_LOGS") != "1" else None
    print("\n".join(lines), flush=True)
    return lines


def report(args, phases, marks, rows, accepted, result, watched):
    from bench import loadkit
    from discussions.models import Post

    lines = [f"faults ({args.users} users, uvicorn x 2, private PostgreSQL and Redis stopped mid-load)"]
    names = [name for name, _s in phases]
    bounds = [marks[name] for name in names] + [marks.get("end", time.time())]
    for i, name in enumerate(names):
        window = [r for r in rows if bounds[i] <= r["t"] < bounds[i + 1]]
        lines.append(f"  {name:<20} {bounds[i + 1] - bounds[i]:4.0f} s: {loadkit.describe(loadkit.classify(window))}")
    http = [r for r in rows if "number" not in r]
    for name in ("Redis back", "PostgreSQL back"):
        after = sorted((r for r in http if r["t"] >= marks[name] and r["name"] in ("thread page", "notifications")),
                       key=lambda r: r["t"])  # fmt: skip
        first_ok = next((r["t"] for r in after if r["code"] == 200), None)
        since = f"{first_ok - marks[name]:.1f} s" if first_ok else "never"
        lines.append(f"  signed-in pages answered 200 again {since} after {name.split()[0]} returned")
    # Realtime lag of the watched thread: commit -> the first reader knowing the number.
    known = sorted((r["t"], r["number"]) for r in rows if r.get("thread") == watched and r.get("number") is not None)
    created = dict(
        Post.objects.filter(thread_id=watched, body__startswith=loadkit.MARK).values_list("number", "created_at")
    )
    for i, name in enumerate(names):
        lags = []
        for number, at in created.items():
            t = at.timestamp()
            if not bounds[i] <= t < bounds[i + 1]:
                continue
            seen = next((k for k, n in known if k >= t and (n or 0) >= number), None)
            if seen is not None:
                lags.append(seen - t)
        if lags:
            lines.append(f"  realtime lag, {name:<20} p50 {loadkit.percentile(lags, 50):.1f} s, max {max(lags):.1f} s"
                         f" ({len(lags)} replies)")  # fmt: skip
    lines += loadkit.integrity_lines(result)
    counts = loadkit.classify(http)
    lines.append(
        f"  targets: 0 5xx ({counts.get('5xx', 0)}), 503s apart ({counts.get('503', 0)}), "
        f"0 lost ({len(result['missing'])}), realtime readers in sync within 10 s"
    )
    return lines


if __name__ == "__main__":
    main()

"""HTTP suite: the main pages under load (the production HTTP server, measured with wrk).

The server is the production one (``SERVER_MODES["production"]``: gunicorn with
deploy/gunicorn.conf.py, sync workers on ``hub.wsgi``; ``Server`` passes ``-w 2``, one process
per core of the machine the figures come from); ``bench/serving.py`` measures it beside plain
gunicorn sync workers, nginx in front of it and the ASGI path in one run.

For each page, anonymous and signed in: a 3 s warm-up, then 10 s with 16 connections;
requests/s, share of the ceiling (a trivial view returning 20 KB of static HTML through
the same middleware), p50/p99 from wrk's latency distribution, SQL queries per request
(Django test client + CaptureQueriesContext on the same data) and HTML size.
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass

from bench.database import PY, REPO, bench_env

NEEDS_FORUM_DATA = True
CONNECTIONS = 16
DURATION = 10
WARMUP = 3
WORKERS = 2
SEARCH_WORD = "django"
SIGNED_IN_USER = "user0001@example.com"

TARGETS = {"anonymous": 8.0, "signed-in": 5.0}
P99_TARGET_MS = 100.0
CPU_TARGET_MS = 10.0  # one signed-in request in-process (median after warm-up)
HIT_RATE_TARGET = 90.0  # anonymous answers served from the page cache
THREAD_HTML_TARGET_KB = 60.0


@dataclass
class Row:
    page: str
    who: str
    url: str
    status: int = 0
    rps: float = 0.0
    pct: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    queries: int = 0
    cpu_ms: float = 0.0
    sql_ms: float = 0.0
    html_kb: float = 0.0
    load: float = 0.0
    errors: int = 0
    hit_rate: float | None = None  # percent of wrk's answers served from the page cache


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pages():
    """(label, path) for each measured page, resolved against the seeded data."""
    import math

    from django.urls import reverse

    from discussions.models import POSTS_PER_PAGE, Thread

    big = Thread.objects.select_related("community").order_by("-post_count").first()
    last_page = math.ceil(big.post_count / POSTS_PER_PAGE)
    hot = big.community.slug
    return [
        ("ceiling (20 KB static)", reverse("bench-ceiling")),
        ("community directory", reverse("communities:directory")),
        ("community home (hot)", reverse("communities:detail", kwargs={"slug": hot})),
        ("thread list p1 (hot)", reverse("discussions:thread-list", kwargs={"community": hot})),
        ("big thread p1 (500 posts)", big.get_absolute_url()),
        (f"big thread p{last_page} (last)", f"{big.get_absolute_url()}?page={last_page}"),
        (f"search '{SEARCH_WORD}'", reverse("search:search") + f"?q={SEARCH_WORD}"),
        ("home", reverse("home")),
    ]


def profile_request(path, user=None, repeat=15, warmup=3):
    """(status, queries, bytes, cpu ms, sql ms) for one request, in-process, after ``warmup`` warming requests.

    CPU is this process's time (Python, templates) and SQL the database time, medians of
    ``repeat`` sequential requests: unlike req/s they barely move with the machine's load.
    """
    import statistics

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if user is not None:
        client.force_login(user)
    for _ in range(warmup):
        client.get(path)
    cpu, sql, queries = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.process_time()
            response = client.get(path)
            cpu.append(time.process_time() - start)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries))
        queries = len(ctx.captured_queries)
    return (
        response.status_code,
        queries,
        len(response.content),
        1000 * statistics.median(cpu),
        1000 * statistics.median(sql),
    )


# How each server mode serves HTTP: gunicorn's arguments (Server adds ``-w WORKERS``, which
# overrides the configuration's one process per core).  "production" is the set-up of deploy/
# (README "Production"): gunicorn sync workers with deploy/gunicorn.conf.py; "nginx" is the same
# gunicorn behind nginx (nginx_config), the whole path a browser's request takes; "sync" plain
# sync workers with gunicorn's defaults; "asgi" the ASGI path.
PRODUCTION = ["-c", str(REPO / "deploy" / "gunicorn.conf.py"), "hub.wsgi:application"]
SERVER_MODES = {
    "production": PRODUCTION,
    "nginx": PRODUCTION,
    "sync": ["hub.wsgi:application"],
    "asgi": ["hub.asgi:application", "-k", "uvicorn.workers.UvicornWorker"],
}
NGINX_CONF = REPO / "deploy" / "nginx.conf"


def nginx_config(port, upstream_port, directory):
    """A minimal nginx configuration: ``127.0.0.1:port`` to gunicorn on ``upstream_port`` with
    the ``location /`` block of deploy/nginx.conf as it stands (no TLS, no static files), its
    pid, logs and buffers in ``directory``."""
    deployed = NGINX_CONF.read_text()
    location = re.search(r"^ *location / \{.*?^ *\}", deployed, re.M | re.S).group(0)
    buffers = re.search(r"^ *large_client_header_buffers .*?;", deployed, re.M).group(0).strip()
    temp = " ".join(
        f"{kind}_temp_path {directory}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes auto;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    {temp}
    upstream actionhub_http {{ server 127.0.0.1:{upstream_port}; }}
    server {{
        listen 127.0.0.1:{port};
        {buffers}
{location}
    }}
}}
"""


class Server:
    def __init__(self, mode="production"):
        self.mode = mode
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.procs = []  # each in a session of its own: gunicorn, then nginx in "nginx" mode
        self.directory = None  # nginx's configuration, pid, logs and buffers

    @property
    def process_groups(self):
        """The process group of each server process (and its workers), for CPU accounting."""
        return [proc.pid for proc in self.procs]

    def start(self):
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(PY)) or "gunicorn"
        gunicorn_port = _free_port() if self.mode == "nginx" else self.port
        cmd = [gunicorn, *SERVER_MODES[self.mode], "-w", str(WORKERS), "-b", f"127.0.0.1:{gunicorn_port}"]
        cmd += ["--log-level", "warning", "--graceful-timeout", "5"]
        self.proc = self._spawn(cmd, env=bench_env())
        if self.mode == "nginx":
            nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
            if not nginx:
                self.stop()
                raise RuntimeError("the nginx server mode needs nginx installed")
            self.directory = tempfile.mkdtemp(prefix="bench-nginx-")
            os.chmod(self.directory, 0o755)  # nginx's workers (another user when started as root) buffer here
            conf = os.path.join(self.directory, "nginx.conf")
            with open(conf, "w") as fh:
                fh.write(nginx_config(self.port, gunicorn_port, self.directory))
            error_log = os.path.join(self.directory, "error.log")
            self._spawn([nginx, "-p", self.directory, "-c", conf, "-e", error_log, "-g", "daemon off;"])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/__bench__/ceiling/", timeout=2).read()
                return
            except OSError:
                if any(proc.poll() is not None for proc in self.procs):
                    self.stop()
                    raise RuntimeError(f"the {self.mode} server exited") from None
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the {self.mode} server did not start")

    def _spawn(self, cmd, env=None):
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, start_new_session=True)
        self.procs.append(proc)
        return proc

    def stop(self):
        for proc in reversed(self.procs):  # nginx first, then the gunicorn behind it
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if self.directory:
            shutil.rmtree(self.directory, ignore_errors=True)


def login_cookie(base, email, password):
    """Log in through the real allauth form; returns the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(base + "/accounts/login/", data=data, headers={"Referer": base})).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError("login failed: no session cookie")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * _UNITS[m.group(2)]


HITS_SCRIPT = os.path.join(os.path.dirname(__file__), "hits.lua")


def wrk(url, *, cookie=None, duration=DURATION, count_hits=False):
    """wrk's figures for ``url``; with ``count_hits``, also ``hit_rate`` (percent of the
    answers served from the page cache, from their X-Page-Cache header)."""
    cmd = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if count_hits:
        cmd += ["-s", HITS_SCRIPT]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "99"):
        result[f"p{pct}"] = _ms(re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", out, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    hits = re.search(r"PAGECACHE hits (\d+) misses (\d+)", out)
    if hits:
        served = int(hits.group(1)) + int(hits.group(2))
        result["hit_rate"] = 100.0 * int(hits.group(1)) / served if served else 0.0
    return result


def run(ctx):
    """Measure every page; returns the rows (and prints the table)."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()
    from accounts.models import User
    from bench.loader import dataset_module

    user = User.objects.get(email=SIGNED_IN_USER)
    targets = pages()
    rows = []
    server = Server()
    server.start()
    try:
        cookie = login_cookie(server.base, SIGNED_IN_USER, dataset_module().PASSWORD)
        ceiling = {}
        for who, who_cookie, who_user in (("anonymous", None, None), ("signed-in", cookie, user)):
            for label, path in targets:
                row = Row(page=label, who=who, url=path)
                row.status, row.queries, size, row.cpu_ms, row.sql_ms = profile_request(path, who_user)
                row.html_kb = size / 1024
                wrk(server.base + path, cookie=who_cookie, duration=WARMUP)
                measured = wrk(server.base + path, cookie=who_cookie, count_hits=who == "anonymous")
                row.hit_rate = measured.get("hit_rate") if who == "anonymous" else None
                row.rps, row.p50, row.p99, row.errors = (
                    measured["rps"],
                    measured["p50"],
                    measured["p99"],
                    measured["errors"],
                )
                row.load = os.getloadavg()[0]
                if path.startswith("/__bench__"):
                    ceiling[who] = row.rps
                row.pct = 100.0 * row.rps / ceiling[who] if ceiling.get(who) else 0.0
                rows.append(row)
                ctx.log(f"  {who:9} {label:28} {row.rps:8.1f} req/s  p99 {row.p99:7.1f} ms")
    finally:
        server.stop()
    ctx.emit(table(rows))
    if ctx.json_path:
        with open(ctx.json_path, "w") as fh:
            json.dump([asdict(r) for r in rows], fh, indent=1)
    return rows


def table(rows):
    head = (
        f"{'page':30} {'who':9} {'status':>6} {'req/s':>8} {'% ceil':>7} {'p50 ms':>7} {'p99 ms':>7} {'SQL':>4} "
        f"{'HTML KB':>8} {'cpu ms':>7} {'sql ms':>7} {'hit %':>6} {'load':>5}"
    )
    lines = [head, "-" * len(head)]
    misses = []
    for r in rows:
        flag = "" if r.errors == 0 else f"  ({r.errors} errors)"
        lines.append(
            f"{r.page:30} {r.who:9} {r.status:>6} {r.rps:8.1f} {r.pct:6.1f}% {r.p50:7.1f} {r.p99:7.1f} "
            f"{r.queries:>4} {r.html_kb:8.1f} {r.cpu_ms:7.1f} {r.sql_ms:7.1f} {_hit_cell(r.hit_rate)} {r.load:5.1f}{flag}"
        )
        if r.page.startswith("ceiling"):
            continue
        if r.pct < TARGETS[r.who]:
            misses.append(f"{r.page} ({r.who}): {r.pct:.1f}% of ceiling < {TARGETS[r.who]:.0f}%")
        if r.p99 >= P99_TARGET_MS:
            misses.append(f"{r.page} ({r.who}): p99 {r.p99:.0f} ms >= {P99_TARGET_MS:.0f} ms")
        if r.who == "signed-in" and r.cpu_ms > CPU_TARGET_MS:
            misses.append(f"{r.page} ({r.who}): {r.cpu_ms:.1f} cpu ms > {CPU_TARGET_MS:.0f} ms")
        if r.hit_rate is not None and r.hit_rate < HIT_RATE_TARGET:
            misses.append(f"{r.page} ({r.who}): page cache hit rate {r.hit_rate:.1f}% < {HIT_RATE_TARGET:.0f}%")
        if r.page.startswith("big thread") and r.html_kb >= THREAD_HTML_TARGET_KB:
            misses.append(f"{r.page} ({r.who}): {r.html_kb:.0f} KB HTML >= {THREAD_HTML_TARGET_KB:.0f} KB")
    lines.append("")
    lines.append(
        f"targets: anonymous >= {TARGETS['anonymous']:.0f}% of ceiling, signed-in >= {TARGETS['signed-in']:.0f}%, "
        f"p99 < {P99_TARGET_MS:.0f} ms, thread page (20 posts) < {THREAD_HTML_TARGET_KB:.0f} KB, "
        f"signed-in cpu <= {CPU_TARGET_MS:.0f} ms, anonymous hit rate >= {HIT_RATE_TARGET:.0f}%"
    )
    lines.append(
        "cpu ms / sql ms: medians of one request in-process (Python CPU, database time); "
        "load: 1-minute load average when the row was measured (the machine has "
        f"{os.cpu_count()} cores)"
    )
    lines.append("missed: " + ("none" if not misses else "\n  " + "\n  ".join(misses)))
    return "\n".join(lines)


def _hit_cell(rate):
    return f"{rate:5.1f}%" if rate is not None else f"{'-':>6}"

"""Serving-path suite: the production HTTP server beside plain gunicorn sync workers, in one run.

Each server mode of ``bench.pages.SERVER_MODES`` (``production``: gunicorn sync workers with
deploy/gunicorn.conf.py on ``hub.wsgi``; ``sync``: sync workers with gunicorn's defaults on the
same code; ``nginx``: the production server behind nginx, with the proxy settings of
deploy/nginx.conf; ``asgi``: gunicorn + uvicorn workers on ``hub.asgi``), 2 gunicorn processes
each (``Server`` passes ``-w 2``), serves the same pages, anonymous and signed in.  Rounds are
interleaved (every mode once per round, back to back), so the machine's other jobs weigh on
every mode alike; the table gives medians, the ratio of each mode's req/s to sync's in the same
run, p99, and the server processes' CPU per request (user + system time of their process
groups, from /proc, nginx's counted with gunicorn's), which moves less with the machine's load
than req/s.

Target: the production set-up costs at most 20% more than plain sync workers, so its req/s is
at least 1 / 1.2 = 0.83 of sync's on every page.

    python bench/run.py serving                          # production and sync
    python bench/run.py serving --servers nginx,production,sync
    python bench/run.py serving --servers production,sync,asgi
"""

import os
import statistics

from bench.pages import SIGNED_IN_USER, Server, login_cookie, pages, wrk

NEEDS_FORUM_DATA = True
DEFAULT_MODES = ("production", "sync")
ROUNDS = 3
DURATION = 4
WARMUP = 2
# The pages where the serving path weighs most (cached and trivial) and a heavy one.
PAGES = ("ceiling", "community directory", "thread list", "big thread p1")
MAX_COST_RATIO = 1.2
_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pgids) -> float:
    """User + system CPU of every live process in the process groups (servers and their workers)."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in pgids:
            total += int(fields[11]) + int(fields[12])
    return total / _TICK


def run(ctx):
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()
    from bench.loader import dataset_module

    modes = list(getattr(ctx, "server_modes", None) or DEFAULT_MODES)
    if "sync" not in modes:
        modes.append("sync")
    targets = [(label, path) for label, path in pages() if label.startswith(PAGES)]
    servers = {mode: Server(mode) for mode in modes}
    results = {}
    try:
        for server in servers.values():
            server.start()
        cookie = login_cookie(servers["production" if "production" in servers else modes[0]].base, SIGNED_IN_USER,
                              dataset_module().PASSWORD)  # fmt: skip
        for who, who_cookie in (("anonymous", None), ("signed-in", cookie)):
            for label, path in targets:
                for server in servers.values():
                    wrk(server.base + path, cookie=who_cookie, duration=WARMUP)
                for _round in range(ROUNDS):
                    for mode, server in servers.items():
                        before = cpu_seconds(server.process_groups)
                        measured = wrk(server.base + path, cookie=who_cookie, duration=DURATION)
                        spent = cpu_seconds(server.process_groups) - before
                        measured["cpu_ms"] = 1000 * spent / max(1.0, measured["rps"] * DURATION)
                        measured["load"] = os.getloadavg()[0]
                        results.setdefault((who, label, mode), []).append(measured)
                line = "  ".join(
                    f"{mode} {statistics.median(m['rps'] for m in results[(who, label, mode)]):7.1f}" for mode in modes
                )
                ctx.log(f"  {who:9} {label:28} req/s {line}")
    finally:
        for server in servers.values():
            server.stop()
    ctx.emit(table(results, modes, targets))
    return results


def table(results, modes, targets):
    head = (
        f"{'page':28} {'who':9} {'server':10} {'req/s':>8} {'x sync':>7} {'p99 ms':>7} {'cpu ms/req':>10} "
        f"{'x sync':>7} {'load':>5}"
    )
    lines = [f"serving path ({ROUNDS} interleaved rounds of {DURATION} s per mode, medians)", head, "-" * len(head)]
    misses = []
    for who in ("anonymous", "signed-in"):
        for label, _path in targets:
            sync = results[(who, label, "sync")]
            sync_rps = statistics.median(m["rps"] for m in sync)
            sync_cpu = statistics.median(m["cpu_ms"] for m in sync)
            for mode in modes:
                runs = results[(who, label, mode)]
                rps = statistics.median(m["rps"] for m in runs)
                cpu = statistics.median(m["cpu_ms"] for m in runs)
                ratio = rps / sync_rps if sync_rps else 0.0
                errors = sum(m["errors"] for m in runs)
                lines.append(
                    f"{label:28} {who:9} {mode:10} {rps:8.1f} {ratio:6.2f}x "
                    f"{statistics.median(m['p99'] for m in runs):7.1f} {cpu:10.2f} "
                    f"{(cpu / sync_cpu if sync_cpu else 0):6.2f}x {statistics.median(m['load'] for m in runs):5.1f}"
                    + (f"  ({errors} errors)" if errors else "")
                )
                if mode == "production" and ratio * MAX_COST_RATIO < 1:
                    misses.append(f"{label} ({who}): {ratio:.2f}x sync req/s < {1 / MAX_COST_RATIO:.2f}x")
    lines.append("")
    lines.append(
        f"target: production (gunicorn sync workers, deploy/gunicorn.conf.py) costs at most {MAX_COST_RATIO:.1f}x sync workers: "
        f"req/s >= {1 / MAX_COST_RATIO:.2f}x sync on every page"
    )
    lines.append("missed: " + ("none" if not misses else "\n  " + "\n  ".join(misses)))
    return "\n".join(lines)

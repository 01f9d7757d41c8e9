"""In-process suite: CPU per request of the main pages, no server (``make bench BENCH_ARGS=cpu``).

For each page of ``bench.pages.pages()``, signed in and anonymous: the median CPU time of
one request through the Django test client (``time.process_time``, 15 requests after 3
warming ones), its SQL queries and database time.  Cheap enough for a loaded machine, where
req/s are not worth much: CPU time moves far less with the load than throughput (the 1-minute
load average is printed with each row).  Target: a signed-in page costs at most 10 ms.
"""

import os

from bench.pages import CPU_TARGET_MS, SIGNED_IN_USER, pages, profile_request

NEEDS_FORUM_DATA = True


def run(ctx):
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()
    from accounts.models import User

    user = User.objects.get(email=SIGNED_IN_USER)
    rows = []
    for who, viewer in (("signed-in", user), ("anonymous", None)):
        for label, path in pages():
            if path.startswith("/__bench__"):
                continue
            status, queries, size, cpu_ms, sql_ms = profile_request(path, viewer)
            rows.append((label, who, status, queries, size / 1024, cpu_ms, sql_ms, os.getloadavg()[0]))
            ctx.log(f"  {who:9} {label:28} {cpu_ms:6.1f} cpu ms  {queries} queries")
    ctx.emit(table(rows))
    return rows


def table(rows):
    head = f"{'page':30} {'who':9} {'status':>6} {'SQL':>4} {'HTML KB':>8} {'cpu ms':>7} {'sql ms':>7} {'load':>5}"
    lines = [head, "-" * len(head)]
    misses = []
    for label, who, status, queries, kb, cpu_ms, sql_ms, load in rows:
        lines.append(f"{label:30} {who:9} {status:>6} {queries:>4} {kb:8.1f} {cpu_ms:7.1f} {sql_ms:7.1f} {load:5.1f}")
        if who == "signed-in" and cpu_ms > CPU_TARGET_MS:
            misses.append(f"{label} ({who}): {cpu_ms:.1f} cpu ms > {CPU_TARGET_MS:.0f} ms")
    lines.append("")
    lines.append(
        f"target: signed-in pages <= {CPU_TARGET_MS:.0f} ms of CPU (median of 15 in-process requests after 3 "
        f"warming ones); load: 1-minute load average ({os.cpu_count()} cores)"
    )
    lines.append("missed: " + ("none" if not misses else "\n  " + "\n  ".join(misses)))
    return "\n".join(lines)

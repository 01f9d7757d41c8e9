"""Mixed suite: reads while someone writes (``make bench BENCH_ARGS=mixed``).

The anonymous pages of the hot community (its home, thread list, the 500-post thread's
first and last pages) and the directory are measured with wrk as in the ``pages`` suite,
once quiet and once while a writer posts one reply per second through the real reply form
(its action and CSRF token read from the page once per member, a fresh idempotency key
per reply, as after a reload) into a thread of
*another* community, as members of that community taking turns (the per-person posting
rate allows a few replies a minute).  For each page: req/s quiet and while writing, and the
share of answers served from the page cache while writing (from their X-Page-Cache
header).  The pages of the hot community should stay cached (target: hit rate >= 90 %);
the directory lists every community, so each reply redraws it once.  Then the written
thread's page and its community's thread list are fetched anonymously: the last reply
must be on them.
"""

import http.cookiejar
import re
import threading
import time
import urllib.parse
import urllib.request
import uuid

from bench.pages import HIT_RATE_TARGET, WARMUP, Server, login_cookie, wrk

NEEDS_FORUM_DATA = True
WRITERS = 12  # members taking turns: each posts at most 5 replies a minute
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPLY_FORM = re.compile(r'<form[^>]*action="([^"]*/reply/)"', re.S)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Writer(threading.Thread):
    """One reply per second into ``thread_url`` through the reply form, signed in as each
    of ``cookies`` in turn."""

    def __init__(self, base, thread_url, cookies, interval=1.0):
        super().__init__(daemon=True)
        self.base, self.thread_url, self.cookies, self.interval = base, thread_url, cookies, interval
        self.stop_event = threading.Event()
        self.accepted, self.refused, self.last_marker = 0, {}, None
        self.forms = {}  # cookie -> (reply form action, CSRF token)
        self.seconds = 0.0
        self.opener = urllib.request.build_opener(_NoRedirect)

    def _request(self, url, cookie, data=None):
        request = urllib.request.Request(url, data=data, headers={"Cookie": cookie, "Referer": self.base})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def form_for(self, cookie):
        """The reply form's action and CSRF token for this member (read once from the page)."""
        if cookie not in self.forms:
            status, html = self._request(self.base + self.thread_url + "?page=last", cookie)
            form, csrf = REPLY_FORM.search(html), CSRF.search(html)
            if status != 200 or not form or not csrf:
                self.refused[f"page {status}"] = self.refused.get(f"page {status}", 0) + 1
                return None
            self.forms[cookie] = (form.group(1), csrf.group(1))
        return self.forms[cookie]

    def reply(self, cookie):
        found = self.form_for(cookie)
        if found is None:
            return
        action, csrf = found
        marker = f"MX-{uuid.uuid4().hex[:12]}"
        data = urllib.parse.urlencode({
            "body": f"{marker} Our gauge read 2.4 m this morning.", "csrfmiddlewaretoken": csrf,
            "idempotency_key": uuid.uuid4().hex,  # a fresh form each time, as after a reload
        }).encode()  # fmt: skip
        status, _body = self._request(self.base + action, cookie, data)
        if status in (302, 303):
            self.accepted += 1
            self.last_marker = marker
        else:
            self.refused[str(status)] = self.refused.get(str(status), 0) + 1

    def run(self):
        started_at = time.monotonic()
        turn = 0
        while not self.stop_event.is_set():
            started = time.monotonic()
            self.reply(self.cookies[turn % len(self.cookies)])
            turn += 1
            self.stop_event.wait(max(0.0, self.interval - (time.monotonic() - started)))
        self.seconds = time.monotonic() - started_at

    def stop(self):
        self.stop_event.set()
        self.join(timeout=15)


def targets():
    """(read pages of the hot community + directory, the written thread, its writers' emails)."""
    import math

    from django.urls import reverse

    from communities.models import Membership, MembershipStatus
    from discussions.models import POSTS_PER_PAGE, Thread

    big = Thread.objects.select_related("community").order_by("-post_count").first()
    hot = big.community
    last_page = math.ceil(big.post_count / POSTS_PER_PAGE)
    reads = [
        ("community home (hot)", reverse("communities:detail", kwargs={"slug": hot.slug})),
        ("thread list p1 (hot)", reverse("discussions:thread-list", kwargs={"community": hot.slug})),
        ("big thread p1 (500 posts)", big.get_absolute_url()),
        (f"big thread p{last_page} (last)", f"{big.get_absolute_url()}?page={last_page}"),
        ("community directory", reverse("communities:directory")),
    ]
    written = (
        Thread.objects.select_related("community")
        .exclude(community=hot)
        .filter(is_hidden=False, is_locked=False)
        .order_by("-post_count")
        .first()
    )
    emails = list(
        Membership.objects.filter(community=written.community, status=MembershipStatus.ACTIVE)
        .order_by("user_id")
        .values_list("user__email", flat=True)[:WRITERS]
    )
    return reads, written, emails


def run(ctx):
    import os

    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("NEW_MEMBER_LIMITS", '{"days": 0, "accepted_posts": 0}')
    django.setup()
    from bench.loader import dataset_module

    reads, written, emails = targets()
    list_url = f"/c/{written.community.slug}/t/"
    server = Server()
    server.start()
    rows = []
    try:
        password = dataset_module().PASSWORD
        cookies = [login_cookie(server.base, email, password) for email in emails]
        ctx.log(f"  writer: {len(cookies)} members of {written.community.slug} taking turns, 1 reply/s")
        quiet = {}
        for label, path in reads:
            wrk(server.base + path, duration=WARMUP)
            quiet[label] = wrk(server.base + path, count_hits=True)
        writer = Writer(server.base, written.get_absolute_url(), cookies)
        writer.start()
        try:
            for label, path in reads:
                measured = wrk(server.base + path, count_hits=True)
                rows.append((label, quiet[label]["rps"], measured["rps"], measured.get("hit_rate", 0.0),
                             measured["p99"], measured["errors"]))  # fmt: skip
                ctx.log(f"  {label:28} {measured['rps']:8.1f} req/s  hit {measured.get('hit_rate', 0):5.1f}%")
        finally:
            writer.stop()
        shown = _shows(server.base, written.get_absolute_url() + "?page=last", list_url, writer.last_marker, written)
    finally:
        server.stop()
    ctx.emit(table(rows, writer, shown, os.getloadavg()[0]))
    return rows


def _shows(base, thread_url, list_url, marker, thread):
    """Whether the last reply is on the thread page, and the list shows its new reply count."""
    from discussions.models import Thread

    def get(url):
        jar = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        return jar.open(base + url, timeout=10).read().decode()

    replies = Thread.objects.get(pk=thread.pk).reply_count
    on_page = marker is not None and marker in get(thread_url)
    on_list = f"{replies:,} replies" in get(list_url) or f"{replies} replies" in get(list_url)
    return on_page, on_list


def table(rows, writer, shown, load):
    head = f"{'page (anonymous)':30} {'quiet req/s':>11} {'writing req/s':>13} {'hit %':>6} {'p99 ms':>7} {'errors':>6}"
    lines = [head, "-" * len(head)]
    misses = []
    for label, quiet, busy, hit, p99, errors in rows:
        lines.append(f"{label:30} {quiet:11.1f} {busy:13.1f} {hit:5.1f}% {p99:7.1f} {errors:6}")
        if hit < HIT_RATE_TARGET and "directory" not in label:
            misses.append(f"{label}: hit rate {hit:.1f}% < {HIT_RATE_TARGET:.0f}% while another community is written")
    refused = ", ".join(f"{k}: {v}" for k, v in sorted(writer.refused.items())) or "none"
    lines.append("")
    lines.append(f"writer: {writer.accepted} replies accepted through the reply form (refused: {refused})")
    lines.append(
        f"after the run, anonymous: last reply on its thread page: {'yes' if shown[0] else 'NO'}; "
        f"its community's list shows the new reply count: {'yes' if shown[1] else 'NO'}"
    )
    lines.append(
        f"target: hit rate >= {HIT_RATE_TARGET:.0f}% on the pages of the community not written; load {load:.1f}"
    )
    if not (shown[0] and shown[1]):
        misses.append("the written thread or its list did not show the last reply")
    lines.append("missed: " + ("none" if not misses else "\n  " + "\n  ".join(misses)))
    return "\n".join(lines)

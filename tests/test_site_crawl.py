"""Crawl the seeded demo site as each kind of visitor and check every page it links to.

The real demo seed runs once per module inside a transaction that is rolled back at the
end, so the crawl sees the same world a visitor of ``make run`` sees (communities of every
visibility, threads, flags, notifications, programmes, events, conversations).  From ``/``
the crawler follows every same-site ``<a href>``, a few URLs per URL pattern, and checks:

* no response is a server error;
* no link leads to a 4xx page (a 403 or a 400 is as much a dead end as a 404), except the
  few listed in ``DELIBERATE``;
* every HTML page has one ``<h1>``, a ``<title>``, ``<main id="main">`` and no template
  debris (``{{``, ``{%``) outside code and scripts.
"""

import io
import re
import time
from collections import defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

ROLES = ["anonymous", "member@example.org", "moderator@example.org", "staff@example.org"]
PER_PATTERN = 3
PER_ROLE = 250

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/accounts/logout/", "/healthz")
# Links a crawler must not follow: GET views with side effects on the visitor's account
# (one-click unsubscribe from an email is meant for the email's reader, not a crawl).
SKIP_URL_NAMES = {"notifications:unsubscribe"}

# Links that may lead to a 4xx on purpose, with the reason.  Empty: none found so far.
DELIBERATE: dict[str, str] = {}
# Where the crawl starts: the home page, the navbar search box (a form, not a link) and the
# moderation guidelines (linked from flag forms, which only some sampled threads offer).
ENTRY_POINTS = ["/", "/search/?q=water", "/moderation/guidelines/"]

DEBRIS = re.compile(r"\{\{|\{%|%\}|\}\}|\{#")
NON_TEXT = re.compile(r"<(script|style|pre|code|textarea)\b.*?</\1>", re.S | re.I)


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.h1, self.title, self.main_ids = [], 0, False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "h1":
            self.h1 += 1
        elif tag == "title":
            self.title = True
        elif tag == "main":
            self.main_ids.append(attrs.get("id"))


def pattern_key(path, query):
    """URL pattern plus the names of the query parameters: pages of one kind."""
    try:
        match = resolve(path)
    except Resolver404:
        return None, f"unresolved:{path}"
    keys = ",".join(sorted({k for k, _ in parse_qsl(query, keep_blank_values=True)}))
    return match.view_name, f"{match.route}?{keys}"


@pytest.fixture(scope="module")
def seeded_site(django_db_setup, django_db_blocker):
    """The demo seed, once for the module, rolled back afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            started = time.monotonic()
            call_command("seed_demo", stdout=io.StringIO())
            yield time.monotonic() - started
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# One page of each kind (URL pattern and query keys) per visitor, kept for the HTML checker.
PAGES: dict[str, tuple[str, str]] = {}


def crawl(client, role="anonymous"):
    """Breadth-first from ``/``; returns pages seen and the problems found."""
    queue = deque((url, "(start)") for url in ENTRY_POINTS)
    seen_urls, per_pattern = set(ENTRY_POINTS), defaultdict(int)
    problems, dead_ends, visited = [], [], 0
    while queue and visited < PER_ROLE:
        url, referrer = queue.popleft()
        response = client.get(url)
        visited += 1
        status = response.status_code
        if status >= 500:
            problems.append(f"{status} {url} (linked from {referrer})")
            continue
        if 400 <= status < 500:
            dead_ends.append((status, url, referrer))
            continue
        targets = []
        if status in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif status == 200 and response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            kind = pattern_key(urlsplit(url).path, urlsplit(url).query)[1]
            PAGES.setdefault(f"{role} {kind}", (url, html))
            parser = PageParser()
            parser.feed(html)
            if parser.h1 != 1:
                problems.append(f"{url}: {parser.h1} <h1> elements")
            if not parser.title:
                problems.append(f"{url}: no <title>")
            if parser.main_ids != ["main"]:
                problems.append(f"{url}: <main> ids {parser.main_ids}, expected one <main id=main>")
            debris = DEBRIS.search(NON_TEXT.sub("", html))
            if debris:
                start = max(debris.start() - 60, 0)
                problems.append(f"{url}: template debris {NON_TEXT.sub('', html)[start : debris.end() + 60]!r}")
            targets = parser.links
        for href in targets:
            parts = urlsplit(urljoin(url, href))
            if parts.scheme not in ("http", "") or parts.netloc not in ("", "testserver"):
                continue
            if parts.path.startswith(SKIP_PREFIXES):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen_urls:
                continue
            view_name, key = pattern_key(parts.path, parts.query)
            if view_name in SKIP_URL_NAMES or per_pattern[key] >= PER_PATTERN:
                continue
            per_pattern[key] += 1
            seen_urls.add(target)
            queue.append((target, url))
    return visited, per_pattern, problems, dead_ends


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_site_crawl_every_linked_page_renders(seeded_site, db, role):
    client = Client()
    if role != "anonymous":
        from accounts.models import User

        member = User.objects.get(email=role)
        if member.is_staff:  # staff must have a second factor before any page opens
            from allauth.mfa.models import Authenticator

            Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
        client.force_login(member)
    visited, patterns, problems, dead_ends = crawl(client, role)
    unexpected = [f"{status} {url} (linked from {ref})" for status, url, ref in dead_ends if url not in DELIBERATE]
    assert visited >= 20, f"the crawl as {role} stopped after {visited} pages"
    assert not problems + unexpected, f"as {role}:\n" + "\n".join(problems + unexpected)


def _vnu_jar():
    """The W3C Nu HTML checker (npm package vnu-jar, installed by ``make vnu``) and Java."""
    import os
    import shutil
    from pathlib import Path

    jar = Path(
        os.environ.get("VNU_JAR") or Path(__file__).parent.parent / ".make/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
    )
    java = shutil.which("java")
    return (str(jar) if jar.exists() else None), java


@pytest.mark.slow
def test_site_crawl_pages_are_valid_html(seeded_site, db):
    """Every kind of page the crawl met passes the W3C Nu HTML checker with no error."""
    import json
    import subprocess
    import tempfile
    from pathlib import Path

    jar, java = _vnu_jar()
    if not (jar and java):
        pytest.skip("the Nu HTML checker needs Java and vnu-jar: `make vnu` installs the checker (CI runs it)")
    if not PAGES:  # run on its own: crawl as a visitor and a member first
        from accounts.models import User

        crawl(Client(), "anonymous")
        client = Client()
        client.force_login(User.objects.get(email="member@example.org"))
        crawl(client, "member@example.org")
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for index, (kind, (url, html)) in enumerate(sorted(PAGES.items())):
            path = Path(folder) / f"page{index:04d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = f"{kind} {url}"
        result = subprocess.run(
            [java, "-Xss4m", "-jar", jar, "--errors-only", "--format", "json", "--stdout", folder],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = [
        f"{names.get(str(m.get('url', '')).rsplit('/', 1)[-1], m.get('url'))} line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert len(PAGES) >= 20
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:400])

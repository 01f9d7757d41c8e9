"""Locust users of the ``load`` and ``faults`` suites (``bench/loadkit.py`` starts locust).

Reads its plan (hosts, communities, threads, sessions) from ``LOAD_PLAN``; logs every request
as one JSON line to ``LOAD_LOG`` (time, name, status, milliseconds; status 0 = no answer) and
every reply the site accepted to ``LOAD_ACCEPTED``.  Loopback only: the plan's hosts are the
suite's own servers.

- ``Visitor``: anonymous reader (home, thread list, thread pages, the live catch-up URL).
- ``Member``: signed in (a session made by the suite); reads, and replies through the real
  reply form (its CSRF token and idempotency key taken from the page, as a browser does).
- ``SigningIn``: a few members who sign in through the login form first.
- ``Moderator``: opens the queue and the post tools, hides a seed post, then restores it.
- ``SocketReader``: a websocket reader of one thread (counts pushes and heartbeats).
"""

import contextlib
import json
import os
import random
import re
import threading
import time
import uuid

from locust import HttpUser, User, between, events, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115
_log = open(os.environ["LOAD_LOG"], "a", buffering=1)  # noqa: SIM115
_accepted = open(os.environ["LOAD_ACCEPTED"], "a", buffering=1)  # noqa: SIM115
_lock = threading.Lock()
# The faults suite points most replies at one watched thread (its realtime lag is measured).
WATCHED = int(os.environ.get("LOAD_WATCHED_THREAD", "0") or 0)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
IDEMPOTENCY = re.compile(r'name="idempotency_key" value="([^"]*)"')
REPLY_FORM = re.compile(r'<form[^>]*action="([^"]*/reply/)"', re.S)


def _write(handle, row):
    with _lock:
        handle.write(json.dumps(row, separators=(",", ":")) + "\n")


@events.request.add_listener
def _on_request(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    code = getattr(response, "status_code", 0) or 0
    if exception is not None and not code:
        code = 0
    _write(_log, {"t": round(time.time(), 3), "name": name, "code": int(code), "ms": round(response_time or 0, 1)})


def _threads():
    return [(c["slug"], t) for c in PLAN["communities"] for t in c["threads"]]


def _pick_thread():
    if WATCHED and random.random() < 0.5:
        for slug, thread in _threads():
            if thread["id"] == WATCHED:
                return slug, thread
    return random.choice(_threads())


class _Site(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        self.base = random.choice(PLAN["hosts"])

    def get(self, path, name, **kwargs):
        return self.client.get(self.base + path, name=name, allow_redirects=False, **kwargs)

    def post(self, path, name, data, **kwargs):
        headers = {"Referer": self.base + path, "Origin": self.base}
        return self.client.post(
            self.base + path, data=data, name=name, allow_redirects=False, headers=headers, **kwargs
        )

    def read_thread(self):
        slug, thread = _pick_thread()
        return slug, thread, self.get(thread["url"], "thread page")


class Visitor(_Site):
    weight = 4

    @task(3)
    def thread_page(self):
        self.read_thread()

    @task(1)
    def home(self):
        self.get("/", "home")

    @task(1)
    def thread_list(self):
        community = random.choice(PLAN["communities"])
        self.get(f"/c/{community['slug']}/t/", "thread list")

    @task(1)
    def catch_up(self):
        _slug, thread = _pick_thread()
        self.get(f"/c/thread/{thread['id']}/posts-after/0/", "catch-up", headers={"Accept": "application/json"})


class Member(_Site):
    weight = 5

    def on_start(self):
        super().on_start()
        self.client.cookies.set("sessionid", random.choice(PLAN["sessions"]))

    @task(4)
    def read(self):
        self.read_thread()

    @task(1)
    def notifications(self):
        self.get("/notifications/", "notifications")

    @task(1)
    def reply(self):
        slug, thread, page = self.read_thread()
        if page.status_code != 200:
            return
        html = page.text
        form = REPLY_FORM.search(html)
        csrf = CSRF.search(html)
        if not form or not csrf:
            return
        key = IDEMPOTENCY.search(html[form.start() :])
        marker = f"LT-{uuid.uuid4().hex[:16]}"
        data = {"body": f"{marker} We compared two stage loggers this season.", "csrfmiddlewaretoken": csrf.group(1),
                "idempotency_key": key.group(1) if key else uuid.uuid4().hex}  # fmt: skip
        response = self.post(form.group(1), "reply", data)
        if response.status_code in (302, 303):
            _write(_accepted, {"t": round(time.time(), 3), "marker": marker, "thread": thread["id"]})
        elif response.status_code == 503 and random.random() < 0.5:
            # What a member does after "back in a moment": send the same form again (same
            # idempotency key, so never twice).
            time.sleep(2)
            again = self.post(form.group(1), "reply (sent again)", data)
            if again.status_code in (302, 303):
                _write(_accepted, {"t": round(time.time(), 3), "marker": marker, "thread": thread["id"]})


class SigningIn(Member):
    weight = 0
    fixed_count = 3

    def on_start(self):
        _Site.on_start(self)
        page = self.get("/accounts/login/", "login form")
        csrf = CSRF.search(page.text or "")
        if page.status_code != 200 or not csrf:
            return
        self.post(
            "/accounts/login/",
            "login",
            {
                "login": random.choice(PLAN["logins"]),
                "password": PLAN["password"],
                "csrfmiddlewaretoken": csrf.group(1),
            },
        )


class Moderator(_Site):
    weight = 0
    fixed_count = 2

    def on_start(self):
        super().on_start()
        self.client.cookies.set("sessionid", random.choice(PLAN["moderators"]))

    @task(1)
    def queue(self):
        self.get("/moderation/", "moderation queue")

    @task(2)
    def hide_and_restore(self):
        community = random.choice(PLAN["communities"])
        post_id = random.choice(community["posts"])
        tools = self.get(f"/moderation/post/{post_id}/", "post tools")
        csrf = CSRF.search(tools.text or "")
        if tools.status_code != 200 or not csrf:
            return
        token = csrf.group(1)
        hidden = self.post(f"/moderation/post/{post_id}/hide/", "hide post",
                           {"reason": "Load test: off topic", "csrfmiddlewaretoken": token})  # fmt: skip
        if hidden.status_code in (302, 303):
            self.post(f"/moderation/post/{post_id}/restore/", "restore post",
                      {"reason": "", "csrfmiddlewaretoken": token})  # fmt: skip


class SocketReader(User):
    """A websocket reader of one thread for the whole run (pushes and heartbeats)."""

    weight = 0
    fixed_count = int(os.environ.get("LOAD_SOCKETS", "10"))
    wait_time = between(0, 0)

    def on_start(self):
        self.base = random.choice(PLAN["hosts"])
        self.ws = None

    @task
    def listen(self):
        import websocket

        _slug, thread = _pick_thread() if not WATCHED else next((s, t) for s, t in _threads() if t["id"] == WATCHED)
        url = self.base.replace("http://", "ws://") + f"/ws/threads/{thread['id']}/"
        started = time.time()
        try:
            ws = websocket.create_connection(url, origin=self.base, timeout=10)
        except Exception as exc:
            events.request.fire(request_type="WS", name="ws connect", response_time=(time.time() - started) * 1000,
                                response_length=0, exception=exc)  # fmt: skip
            time.sleep(2)
            return
        events.request.fire(request_type="WS", name="ws connect", response_time=(time.time() - started) * 1000,
                            response_length=0, response=type("R", (), {"status_code": 101})())  # fmt: skip
        try:
            while True:
                try:
                    text = ws.recv()
                except websocket.WebSocketTimeoutException:
                    continue
                if not text:
                    break
                message = json.loads(text)
                kind = message.get("type")
                if kind in ("post_created", "heartbeat"):
                    number = message.get("number") if kind == "post_created" else message.get("last")
                    _write(_log, {"t": round(time.time(), 3), "name": f"ws {kind}", "code": 101, "ms": 0,
                                  "thread": thread["id"], "number": number})  # fmt: skip
        except Exception:
            pass
        finally:
            with contextlib.suppress(Exception):
                ws.close()
        time.sleep(1)  # closed by the server (restart, 4503): reconnect like the page does

"""Scale-out: two ASGI server processes on the Redis channel layer.

A reader's socket is open on process B; a reply is posted over HTTP through process A;
the push must reach the reader.  Needs Redis (``settings.TEST_REDIS_URL``): skipped without.
"""

import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from discussions.tests.realtime_helpers import make_community, make_member, make_thread

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow, pytest.mark.redis]

BASE_DIR = Path(django_settings.BASE_DIR)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url_for_servers(tmp_path):
    """A URL the server processes can open that holds this test's committed rows."""
    from django.db import connection

    db = django_settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        # The test database lives in this process's memory: copy it to a file.
        target = tmp_path / "servers.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        connection.connection.backup(destination)
        destination.close()
        return f"sqlite:///{target}"
    user = urllib.parse.quote(db.get("USER") or "")
    password = urllib.parse.quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Server:
    def __init__(self, env, log_path):
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 (kept open for the process's lifetime)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "hub.asgi:application", "--host", "127.0.0.1", "--port",
             str(self.port), "--lifespan", "off", "--log-level", "warning"],
            cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_ready(self, timeout=60):
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def output(self):
        self.log.flush()
        return Path(self.log_path).read_text(errors="replace")[-3000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def server_env(database_url, redis_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="hub.settings.base", DEBUG="1", SECRET_KEY=django_settings.SECRET_KEY,
        DATABASE_URL=database_url, REDIS_URL=redis_url, CELERY_TASK_ALWAYS_EAGER="1", LOG_LEVEL="WARNING",
    )  # fmt: skip
    return env


def post_reply(server, community, thread, session_key, body):
    """POST the reply form through ``server`` like a browser (session + CSRF cookie)."""
    import http.client

    token = secrets.token_hex(16)  # 32 characters: a valid CSRF secret
    form = urllib.parse.urlencode({"body": body, "csrfmiddlewaretoken": token})
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    connection.request(
        "POST", f"/c/{community.slug}/t/{thread.pk}/reply/", body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"sessionid={session_key}; csrftoken={token}",
                 "Origin": server.url, "Referer": server.url + "/"},
    )  # fmt: skip
    response = connection.getresponse()
    response.read()
    return response.status


def test_post_through_process_a_arrives_on_process_b(settings, tmp_path):
    if not settings.TEST_REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL)")
    from websockets.sync.client import connect

    community = make_community("public")
    author = make_member(community)
    thread = make_thread(community, author=author)
    client = Client()
    client.force_login(author)
    session_key = client.cookies["sessionid"].value

    env = server_env(database_url_for_servers(tmp_path), settings.TEST_REDIS_URL)
    a, b = Server(env, tmp_path / "a.log"), Server(env, tmp_path / "b.log")
    try:
        a.wait_ready()
        b.wait_ready()
        ws_url = f"ws://127.0.0.1:{b.port}/ws/threads/{thread.pk}/"
        with connect(ws_url, origin=b.url, open_timeout=10) as ws:
            time.sleep(0.3)  # the group_add has reached Redis
            assert post_reply(a, community, thread, session_key, "Reply posted on A, read on B.") == 302
            deadline = time.monotonic() + 10
            while True:
                message = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
                if message["type"] == "post_created":
                    break
            assert message["number"] == 2
            assert "Reply posted on A, read on B." in message["html"]
    except Exception:
        print("--- server A ---\n", a.output(), "\n--- server B ---\n", b.output())
        raise
    finally:
        a.stop()
        b.stop()

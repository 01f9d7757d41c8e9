"""The production set-up, started as in deploy/: pages on the WSGI server, websockets on the ASGI one.

HTTP goes to gunicorn with deploy/gunicorn.conf.py (sync workers, ``hub.wsgi``, the sync code
path); websockets to uvicorn (``hub.asgi``); in front, a small path router in this test stands
in for nginx (deploy/nginx.conf): a connection whose first request path starts with ``/ws/``
goes to uvicorn, every other one to gunicorn (which closes it after its answer, as it does
behind nginx).  Both servers run as subprocesses on
free loopback ports, on a migrated database of their own (SQLite in a temporary directory, or
a database created next to DATABASE_URL's PostgreSQL one and dropped afterwards) and a shared
Redis (REDIS_URL's server, else the local 127.0.0.1:6379, on database 13): a reply posted over
HTTP is pushed from a WSGI worker process through Redis to a websocket held by the ASGI process.
Without a reachable Redis the tests skip (an in-memory channel layer does not cross processes).
"""

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCAL_REDIS = "redis://127.0.0.1:6379"
REDIS_DB = 13  # flushed by this test: never the database other tests or a developer use
PASSWORD = "correct-horse-battery-staple"  # accounts.tests.factories.PASSWORD

# Run by the servers' own settings, in a subprocess: the rows the checks read.
SCENE = """
import json
import django

django.setup()
from discussions.tests.realtime_helpers import make_community, make_member, make_thread

community = make_community("public")
writer = make_member(community, username="amina", display_name="Amina Diallo")
reader = make_member(community, username="kofi", display_name="Kofi Mensah")
thread = make_thread(community, author=reader, body="Our aquifer levels rose after the managed recharge pilot.")
print(json.dumps({
    "community": community.get_absolute_url(), "community_name": community.name,
    "thread": thread.get_absolute_url(), "thread_id": thread.pk, "title": thread.title,
    "writer": writer.email, "reader": reader.email,
}))
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_url():
    """REDIS_URL's server (else the local one), on a database index of this test's own."""
    import redis

    url = urllib.parse.urlunparse(
        urllib.parse.urlparse(os.environ.get("REDIS_URL") or LOCAL_REDIS)._replace(path=f"/{REDIS_DB}")
    )
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:
        pytest.skip(f"no Redis at {url} ({exc}): the websocket push across processes needs a shared channel layer")
    return url


class PathRouter:
    """The test's stand-in for nginx: routes each connection by its first request's path."""

    def __init__(self, http_port, ws_port):
        self.routes = {"http": http_port, "ws": ws_port}
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._route, args=(client,), daemon=True).start()

    def _route(self, client):
        head = b""
        with client:
            while b"\r\n" not in head:
                chunk = client.recv(65536)
                if not chunk:
                    return
                head += chunk
            path = head.split(b" ", 2)[1] if head.count(b" ") >= 2 else b"/"
            port = self.routes["ws" if path.startswith(b"/ws/") else "http"]
            with socket.create_connection(("127.0.0.1", port)) as upstream:
                upstream.sendall(head)
                back = threading.Thread(target=self._pipe, args=(upstream, client), daemon=True)
                back.start()
                self._pipe(client, upstream)
                back.join(timeout=30)

    @staticmethod
    def _pipe(source, target):
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self):
        self.server.close()


def _wait_for(port, process, name, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer /healthz")


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A database for the server processes only: SQLite in a temporary directory, or with
    DATABASE_URL on PostgreSQL a database of its own beside that one (dropped afterwards)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path_factory.mktemp('production') / 'hub.sqlite3'}"
        return
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'hub'}_production_setup"
    admin = urllib.parse.urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield urllib.parse.urlunparse(parsed._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def production(database_url, tmp_path_factory):
    """gunicorn (HTTP) and uvicorn (websockets) as in deploy/, behind the path router."""
    redis_url = _redis_url()
    static_root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.base",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "production-setup-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # No Celery worker here: tasks run in the process that queues them, so a reply's push
        # leaves from the WSGI worker process that saved it.
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "EMAIL_URL": "dummymail://",
        "WEB_WORKERS": "2",
        "WEB_LOG_LEVEL": "warning",
    }
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True, timeout=600)
    scene = subprocess.run(
        [sys.executable, "-c", SCENE], cwd=ROOT, env=env, check=True, timeout=300, capture_output=True, text=True
    )
    rows = json.loads(scene.stdout.strip().splitlines()[-1])

    http_port, ws_port = _free_port(), _free_port()
    commands = {
        "gunicorn": [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                     "--bind", f"127.0.0.1:{http_port}", "hub.wsgi:application"],
        "uvicorn": [str(BIN / "uvicorn"), "hub.asgi:application", "--host", "127.0.0.1", "--port", str(ws_port),
                    "--lifespan", "off", "--log-level", "warning", "--no-access-log"],
    }  # fmt: skip
    logs = tmp_path_factory.mktemp("logs")
    processes = {}
    try:
        for name, command in commands.items():
            log = open(logs / f"{name}.log", "wb")  # noqa: SIM115
            processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _wait_for(http_port, processes["gunicorn"], "gunicorn")
        _wait_for(ws_port, processes["uvicorn"], "uvicorn")
        router = PathRouter(http_port, ws_port)
        yield {"base": f"http://127.0.0.1:{router.port}", "port": router.port, "rows": rows, "logs": logs}
        router.close()
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _opener():
    jar = CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _get(opener, url):
    with opener.open(url, timeout=30) as response:
        return response.status, response.headers, response.read().decode()


def _reply_form(page):
    """(action, hidden inputs) of the thread page's reply form."""
    form = re.search(r'<form[^>]*action="([^"]*/reply/)"[^>]*>(.*?)</form>', page, re.S)
    assert form, "no reply form on the thread page"
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form.group(2)):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[name.group(1)] = value.group(1) if value else ""
    return form.group(1), fields


def _sign_in(base, email):
    opener, jar = _opener()
    status, _headers, page = _get(opener, f"{base}/accounts/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    with opener.open(urllib.request.Request(f"{base}/accounts/login/", data=data), timeout=30) as response:
        assert response.status == 200
    assert "sessionid" in {cookie.name for cookie in jar}, "sign-in through the WSGI server failed"
    return opener, jar


def _cookie_header(jar):
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def test_pages_answer_through_the_wsgi_server(production):
    base, rows = production["base"], production["rows"]
    opener, _jar = _opener()
    status, _headers, page = _get(opener, base + "/")
    assert status == 200 and "Action Hub" in page
    status, _headers, page = _get(opener, base + rows["community"])
    assert status == 200 and rows["community_name"] in page
    status, _headers, page = _get(opener, base + rows["thread"])
    assert status == 200 and rows["title"] in page and "managed recharge pilot" in page
    css = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    status, headers, _body = _get(opener, base + css)
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    # Signed in, the same pages come from the sync code path with the member's own parts.
    member, _jar = _sign_in(base, rows["writer"])
    status, _headers, page = _get(member, base + rows["thread"])
    assert status == 200 and rows["title"] in page and 'name="body"' in page  # the reply form


def test_a_reply_posted_over_http_reaches_an_open_websocket(production):
    from websockets.sync.client import connect

    base, port, rows = production["base"], production["port"], production["rows"]
    _reader, reader_jar = _sign_in(base, rows["reader"])
    writer, _writer_jar = _sign_in(base, rows["writer"])
    url = f"ws://127.0.0.1:{port}/ws/threads/{rows['thread_id']}/"
    headers = {"Cookie": _cookie_header(reader_jar), "Origin": base}
    with connect(url, additional_headers=headers, open_timeout=30) as socket_:
        # The socket is subscribed once the ASGI process has counted its reader.
        _wait_for_message(socket_, lambda m: m.get("type") == "presence")
        _status, _headers, page = _get(writer, base + rows["thread"])
        action, fields = _reply_form(page)
        fields["body"] = "Pushed from a WSGI worker process through Redis."
        request = urllib.request.Request(base + action, data=urllib.parse.urlencode(fields).encode())
        with writer.open(request, timeout=30) as response:
            assert response.status == 200 and "Pushed from a WSGI worker process" in response.read().decode()
        message = _wait_for_message(socket_, lambda m: m.get("type") == "post_created")
    assert message["number"] == 2 and "Pushed from a WSGI worker process through Redis." in (message["html"] or "")


def _wait_for_message(socket_, wanted, timeout=30):
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            message = json.loads(socket_.recv(timeout=max(0.1, deadline - time.monotonic())))
        except TimeoutError:
            break
        if wanted(message):
            return message
        seen.append(message.get("type"))
    raise AssertionError(f"no such message within {timeout} s (got {seen})")

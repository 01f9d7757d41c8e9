"""Over-long addresses get an answer in the hub's style, from the servers the hub runs on.

Real server processes on loopback ports (gunicorn with deploy/gunicorn.conf.py as in
production, daphne, ``manage.py runserver`` as in ``make run``, uvicorn) receive raw request lines of several sizes: a long search gets the
search page's own message, longer addresses the hub's 414 page, never a dropped connection.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port, target, timeout=20):
    """Send one raw GET; return (status, body) or raise when the connection is dropped unanswered."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data, f"connection dropped without an answer for a {len(target)}-character target"
    head, _sep, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    """A migrated SQLite database of its own, shared by the server processes of this module."""
    db = tmp_path_factory.mktemp("long-urls") / "hub.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.test",
        "DATABASE_URL": f"sqlite:///{db}",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    return env


def _start(command, env, port):
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"{command[0]} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"{command} did not start")


SERVERS = {
    "gunicorn": lambda port: [
        str(BIN / "gunicorn"),
        "-c",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "hub.wsgi:application",
    ],
    "daphne": lambda port: [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "hub.asgi:application"],
    "runserver": lambda port: [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
    "uvicorn": lambda port: [str(BIN / "uvicorn"), "hub.asgi:application", "--host", "127.0.0.1", "--port", str(port)],
}


@pytest.fixture(params=sorted(SERVERS))
def server(request, server_env):
    port = _free_port()
    process = _start(SERVERS[request.param](port), server_env, port)
    yield request.param, port
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_long_search_gets_the_search_message_and_longer_urls_the_414_page(server):
    name, port = server
    status, body = _get(port, "/search/?q=" + "a" * 20_000)
    assert status == 400 and "Searches are limited to 200 characters" in body, name
    status, body = _get(port, "/search/?q=" + "a" * 40_000)
    assert status == 414 and "This address is too long" in body and 'id="main"' in body, name
    assert "searches are limited to 200 characters" in body


@pytest.mark.parametrize("name", ["daphne", "runserver"])
def test_twisted_answers_past_its_line_limit_with_the_hub_page(server_env, name):
    port = _free_port()
    process = _start(SERVERS[name](port), server_env, port)
    try:
        status, body = _get(port, "/search/?q=" + "a" * (settings.SERVER_REQUEST_LINE_LIMIT + 10_000))
        assert status == 414 and "This address is too long" in body and "/static/css/app.css" in body
        assert _get(port, "/healthz")[0] == 200  # the server is still serving
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_gunicorn_answers_an_over_long_header_with_the_hub_page(server_env):
    port = _free_port()
    process = _start(SERVERS["gunicorn"](port), server_env, port)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            header = "X-Long: " + "a" * 20_000
            sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n{header}\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        assert data.startswith(b"HTTP/1.1 431 ") and b"This address is too long" in data
        assert _get(port, "/healthz")[0] == 200  # the server is still serving
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_view_level_long_search_message(client, db):
    response = client.get(reverse("search:search"), {"q": "water " * 3000})
    assert response.status_code == 400
    assert "Searches are limited to 200 characters (yours has 17999)." in response.content.decode()  # stripped


def test_middleware_414_page_is_in_the_hub_style(client, db):
    response = client.get("/search/", {"q": "a" * (settings.MAX_URL_LENGTH + 1)})
    body = response.content.decode()
    assert response.status_code == 414 and "This address is too long" in body
    assert 'role="search"' in body and "<nav" in body  # the hub's page, with its navigation

"""deploy/gunicorn.conf.py as gunicorn reads it: sync workers, one process per core.

The configuration is loaded by gunicorn's own command-line application (as ``gunicorn -c``
does), so the checks see what gunicorn would run: gunicorn silently turns sync workers into
``gthread`` ones when ``threads`` is above 1.  Then a gunicorn started with the file serves two
requests at once in two processes, each one request at a time (``wsgi.multithread`` is false),
closing each connection after its answer (nginx in front keeps the clients' connections).
"""

import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"

# Each request waits (a bounded time) until two different processes have received one, so both
# answers say "met 2" only when two requests were served at once by two worker processes.
PROBE_APP = """
import json
import os
import time
from pathlib import Path

MEETING = Path(os.environ["PROBE_MEETING"])


def application(environ, start_response):
    (MEETING / str(os.getpid())).touch()
    deadline = time.monotonic() + 15
    while len(list(MEETING.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    body = json.dumps(
        {"pid": os.getpid(), "met": len(list(MEETING.iterdir())), "multithread": environ["wsgi.multithread"]}
    ).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
"""


def _gunicorn_config(monkeypatch, **env):
    """gunicorn's Config after reading deploy/gunicorn.conf.py as ``gunicorn -c`` does."""
    from gunicorn.app.wsgiapp import WSGIApplication

    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    monkeypatch.delenv("WEB_WORKERS", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "argv", ["gunicorn", "-c", str(CONFIG), "hub.wsgi:application"])
    return WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg


def test_production_config_runs_sync_workers_one_per_core(monkeypatch):
    cfg = _gunicorn_config(monkeypatch)
    assert cfg.worker_class_str == "sync" and cfg.worker_class.__name__ == "SyncWorker"
    assert cfg.threads == 1  # more would make gunicorn run gthread workers instead
    assert cfg.workers == max(1, os.cpu_count() or 1)
    assert cfg.limit_request_line == 0 and cfg.post_worker_init.__code__.co_filename == str(CONFIG)
    assert _gunicorn_config(monkeypatch, WEB_WORKERS="3").workers == 3


def test_production_config_sets_no_threads_and_no_keepalive():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", CONFIG)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.worker_class == "sync"
    assert not hasattr(module, "threads") and not hasattr(module, "keepalive")


@pytest.mark.slow
def test_a_gunicorn_started_with_it_serves_two_requests_at_once_in_two_processes(tmp_path):
    (tmp_path / "probe_app.py").write_text(PROBE_APP)
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROBE_MEETING": str(meeting), "WEB_WORKERS": "2"}
    env.pop("GUNICORN_CMD_ARGS", None)
    command = [str(BIN / "gunicorn"), "-c", str(CONFIG), "--bind", f"127.0.0.1:{port}",
               "--pythonpath", str(tmp_path), "--log-level", "warning", "probe_app:application"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            assert process.poll() is None, process.stderr.read().decode()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        answers = []

        def fetch():
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
                answers.append((response.headers.get("Connection"), json.loads(response.read())))

        fetchers = [threading.Thread(target=fetch) for _ in range(2)]
        for fetcher in fetchers:
            fetcher.start()
        for fetcher in fetchers:
            fetcher.join(timeout=60)
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert len(answers) == 2, answers
    assert {answer["pid"] for _connection, answer in answers} == {int(name.name) for name in meeting.iterdir()}
    assert all(answer["met"] == 2 and answer["multithread"] is False for _connection, answer in answers), answers
    assert all(connection == "close" for connection, _answer in answers), answers

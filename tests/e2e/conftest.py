"""Browser tests: Playwright driving the machine's Chromium against a live ASGI server.

The server is uvicorn running ``hub.asgi.application`` (HTTP and websockets) in a thread
of the test process, so it shares the test database and the in-memory channel layer.
"""

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API keeps an event loop around; the ORM calls made by tests between
# browser steps are ordinary synchronous calls in the main thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if not HAVE_CHROMIUM:
                item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (CI installs it; `make e2e` too)"))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self):
        import uvicorn

        from hub.asgi import application

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            application, host="127.0.0.1", port=self.port, lifespan="off", log_level="warning", ws="websockets-sansio"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("live server did not start")
            time.sleep(0.05)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server_url(transactional_db, settings):
    """A live ASGI server for one test (its data is committed, so the server sees it)."""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    server = LiveServer()
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Factory for pages in fresh browser contexts (several people at once)."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(locale="en-GB", **kwargs)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def login(page, base_url, email, password):
    """Log in through the real form."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    if "/accounts/2fa/authenticate/" in page.url:  # staff: the factory's authenticator app
        page.fill("input[name=code]", _fresh_totp())
        page.click("main form button[type=submit]")
        page.wait_for_load_state("domcontentloaded")


_used_steps: set[int] = set()


def _fresh_totp():
    """A valid code not used yet in this run: a code works once and the tolerance window is
    the current 30 s step and one on each side, so when all three were used (many staff
    sign-ins in a row) wait for the next step instead of failing."""
    import time

    from accounts.tests.totp import STAFF_TOTP_SECRET, totp

    while True:
        now = time.time()
        step = int(now // 30)
        for candidate in (step, step + 1, step - 1):
            if candidate not in _used_steps:
                _used_steps.add(candidate)
                return totp(STAFF_TOTP_SECRET, at=candidate * 30 + 1)
        time.sleep((step + 1) * 30 - now + 0.2)


def assert_accessible(page, context=""):
    """Inject axe-core and fail on any serious or critical violation."""
    # evaluate() runs through the debugging protocol, so the page's CSP (no inline
    # scripts) stays on while axe is injected.
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}" for v in bad
    )
    assert not bad, f"accessibility violations on {context or page.url}:\n{details}"


def post_reply(page, text):
    """Send a reply through the composer (in place, no reload) and wait until it was taken."""
    page.fill("#reply textarea[name=body]", text)
    page.click("#reply button[type=submit]")
    page.wait_for_function("() => document.querySelector('#reply textarea[name=body]').value === ''")


def open_live_thread(live_server_url, new_page):
    """Amina (writer) and Kofi (reader) on one public thread, both sockets open."""
    from accounts.tests.factories import PASSWORD
    from discussions.tests.realtime_helpers import make_community, make_member, make_thread

    community = make_community("public")
    amina = make_member(community, username="amina", display_name="Amina Diallo")
    kofi = make_member(community, username="kofi", display_name="Kofi Mensah")
    thread = make_thread(community, author=kofi)
    url = live_server_url + thread.get_absolute_url()
    writer, reader = new_page(), new_page()
    login(writer, live_server_url, amina.email, PASSWORD)
    login(reader, live_server_url, kofi.email, PASSWORD)
    reader.goto(url)
    writer.goto(url)
    # Both sockets are open once the presence count includes both readers.
    reader.wait_for_selector("#rt-presence:has-text('2')", timeout=10_000)
    reader.evaluate("window.__notReloaded = true")
    return {"thread": thread, "url": url, "writer": writer, "reader": reader, "community": community}

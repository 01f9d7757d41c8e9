"""Realtime after an outage: pushes lost (channel layer down), the page still shows every reply
within 10 s without waiting for a new post: by the socket's heartbeat, or by polling over HTTP
while the socket is closed."""

import pytest

from tests.e2e.conftest import open_live_thread, post_reply

RESYNC = 10_000  # ms: the promise of the README


@pytest.fixture
def scene(settings, live_server_url, new_page):
    settings.REALTIME_HEARTBEAT_SECONDS = 2.0
    return open_live_thread(live_server_url, new_page)


def numbers(page):
    return page.eval_on_selector_all("#post-list [data-post-number]", "els => els.map(e => e.dataset.postNumber)")


def test_lost_pushes_are_caught_up_by_the_heartbeat(scene, monkeypatch):
    from realtime import push

    writer, reader = scene["writer"], scene["reader"]
    monkeypatch.setattr(push, "send_many", lambda *messages: False)  # the channel layer is down
    post_reply(writer, "Posted while the pushes were lost.")
    post_reply(writer, "And a second one, nobody posts after it.")
    reader.wait_for_selector("#p3", timeout=RESYNC)
    assert numbers(reader) == ["1", "2", "3"]
    assert reader.evaluate("window.__notReloaded") is True


def test_a_page_without_its_socket_polls_over_http(scene):
    writer, reader = scene["writer"], scene["reader"]
    reader.evaluate("window.hubRealtime.socket.close()")  # refused or given up: no socket at all
    post_reply(writer, "Posted while Kofi's socket was gone.")
    reader.wait_for_selector("#p2", timeout=RESYNC)
    assert numbers(reader) == ["1", "2"]

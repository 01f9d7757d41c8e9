"""Signed-in sessions: the list (device, browser, IP, last seen), ending one or all others
(their websockets close too), and a password change ending the other sessions."""

import json

import pytest
from allauth.usersessions.models import UserSession
from asgiref.sync import async_to_sync, sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client, TestCase
from django.urls import reverse

from accounts.sessions import describe_user_agent
from accounts.tests.factories import PASSWORD, UserFactory
from notifications.routing import websocket_urlpatterns

pytestmark = pytest.mark.django_db

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)
ws_app = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


@pytest.fixture(autouse=True)
def _flush_layer():
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


def signed_in(user, *, agent, ip):
    """A browser that signed in through the real form."""
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def committed(func, *args, **kwargs):
    """Run a request with its after-commit work (the test transaction never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return func(*args, **kwargs)


def test_sessions_page_lists_device_browser_ip_and_last_seen():
    member = UserFactory()
    laptop = signed_in(member, agent=FIREFOX_LINUX, ip="198.51.100.7")
    signed_in(member, agent=SAFARI_IPHONE, ip="203.0.113.20")
    html = laptop.get(reverse("usersessions_list")).content.decode()
    assert "198.51.100.7" in html and "203.0.113.20" in html
    assert "Firefox 128" in html and "Linux" in html and "Computer" in html
    assert "Safari 17" in html and "iOS" in html and "Phone" in html
    assert html.count("This browser") == 1
    assert "Last seen" in html
    assert html.count(">Sign out<") == 1  # one button per other session, none for this one


def test_ending_one_session_signs_it_out_and_closes_its_sockets():
    member = UserFactory()
    laptop = signed_in(member, agent=FIREFOX_LINUX, ip="198.51.100.7")
    phone = signed_in(member, agent=SAFARI_IPHONE, ip="203.0.113.20")
    tablet = signed_in(member, agent=CHROME_WINDOWS, ip="203.0.113.30")
    phone_key = phone.cookies["sessionid"].value
    tablet_key = tablet.cookies["sessionid"].value
    phone_row = UserSession.objects.get(session_key=phone_key)

    async def scenario():
        phone_ws = await open_bell(phone_key)
        tablet_ws = await open_bell(tablet_key)
        response = await sync_to_async(committed)(laptop.post, reverse("accounts:session-end", args=[phone_row.pk]))
        assert response.status_code == 302 and response["Location"] == reverse("usersessions_list")
        assert await phone_ws.receive_output(timeout=3) == {"type": "websocket.close", "code": 4401}
        await tablet_ws.send_to(text_data=json.dumps({"type": "ping"}))
        assert json.loads(await tablet_ws.receive_from(timeout=3)) == {"type": "pong"}
        await phone_ws.disconnect()
        await tablet_ws.disconnect()

    async_to_sync(scenario)()
    assert not UserSession.objects.filter(pk=phone_row.pk).exists()
    assert phone.get(reverse("accounts:profile-edit")).status_code == 302  # signed out
    assert tablet.get(reverse("accounts:profile-edit")).status_code == 200
    assert laptop.get(reverse("accounts:profile-edit")).status_code == 200


def test_ending_all_other_sessions_keeps_this_one():
    member = UserFactory()
    laptop = signed_in(member, agent=FIREFOX_LINUX, ip="198.51.100.7")
    others = [signed_in(member, agent=SAFARI_IPHONE, ip=f"203.0.113.{n}") for n in (1, 2)]
    keys = [c.cookies["sessionid"].value for c in others]

    async def scenario():
        sockets = [await open_bell(key) for key in keys]
        response = await sync_to_async(committed)(laptop.post, reverse("usersessions_list"))
        assert response.status_code == 302
        for ws in sockets:
            assert await ws.receive_output(timeout=3) == {"type": "websocket.close", "code": 4401}
            await ws.disconnect()

    async_to_sync(scenario)()
    assert UserSession.objects.filter(user=member).count() == 1
    assert all(c.get(reverse("accounts:profile-edit")).status_code == 302 for c in others)
    assert laptop.get(reverse("accounts:profile-edit")).status_code == 200


def test_password_change_ends_the_other_sessions_and_their_sockets():
    member = UserFactory()
    laptop = signed_in(member, agent=FIREFOX_LINUX, ip="198.51.100.7")
    phone = signed_in(member, agent=SAFARI_IPHONE, ip="203.0.113.20")
    phone_key = phone.cookies["sessionid"].value
    new = "a-brand-new-river-password-77"

    async def scenario():
        phone_ws = await open_bell(phone_key)
        response = await sync_to_async(committed)(
            laptop.post,
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": new, "password2": new},
        )
        assert response.status_code == 302, response.content.decode()[:500]
        assert await phone_ws.receive_output(timeout=3) == {"type": "websocket.close", "code": 4401}
        await phone_ws.disconnect()

    async_to_sync(scenario)()
    assert phone.get(reverse("accounts:profile-edit")).status_code == 302
    assert laptop.get(reverse("accounts:profile-edit")).status_code == 200
    rows = UserSession.objects.filter(user=member)
    assert [r.session_key for r in rows] == [laptop.session.session_key]


def test_session_end_access_anonymous_owner_other_member(client):
    owner, stranger = UserFactory(), UserFactory()
    phone = signed_in(owner, agent=SAFARI_IPHONE, ip="203.0.113.20")
    laptop = signed_in(owner, agent=FIREFOX_LINUX, ip="198.51.100.7")
    row = UserSession.objects.get(session_key=phone.cookies["sessionid"].value)
    url = reverse("accounts:session-end", args=[row.pk])
    # Anonymous: to the login page.
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    # Another member: 404, and nothing ends.
    other = signed_in(stranger, agent=FIREFOX_LINUX, ip="198.51.100.8")
    assert other.post(url).status_code == 404
    assert UserSession.objects.filter(pk=row.pk).exists()
    # Staff cannot end someone else's session here either.
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    assert staff.post(url).status_code == 404
    # The owner: GET is not allowed, POST ends it; the current session is not ended here.
    assert laptop.get(url).status_code == 405
    current = UserSession.objects.get(session_key=laptop.cookies["sessionid"].value)
    response = laptop.post(reverse("accounts:session-end", args=[current.pk]))
    assert response.status_code == 302 and UserSession.objects.filter(pk=current.pk).exists()
    assert laptop.post(url).status_code == 302
    assert not UserSession.objects.filter(pk=row.pk).exists()
    assert laptop.post(url).status_code == 404  # ended already
    assert laptop.post("/members/me/sessions/99999999999999999999/end/").status_code == 404


def test_sessions_page_needs_sign_in(client):
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_activity_is_recorded_at_most_every_few_minutes(time_machine):
    member = UserFactory()
    time_machine.move_to("2026-06-01 08:00:00+00:00", tick=False)
    browser = signed_in(member, agent=FIREFOX_LINUX, ip="198.51.100.7")
    row = UserSession.objects.get(user=member)
    signed_in_at = row.last_seen_at
    time_machine.move_to("2026-06-01 08:02:00+00:00", tick=False)
    browser.get(reverse("home"))
    row.refresh_from_db()
    assert row.last_seen_at == signed_in_at  # two minutes later: not written again
    time_machine.move_to("2026-06-01 08:06:00+00:00", tick=False)
    browser.get(reverse("home"), REMOTE_ADDR="198.51.100.99")
    row.refresh_from_db()
    assert row.last_seen_at > signed_in_at and row.ip == "198.51.100.99"


@pytest.mark.parametrize(
    ("agent", "kind", "system", "browser"),
    [
        (FIREFOX_LINUX, "computer", "Linux", "Firefox 128"),
        (SAFARI_IPHONE, "phone", "iOS", "Safari 17"),
        (CHROME_WINDOWS, "computer", "Windows", "Chrome 126"),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/125.0.0.0 Mobile Safari/537.36",
            "phone",
            "Android",
            "Chrome 125",
        ),
        (CHROME_WINDOWS.replace("Safari/537.36", "Safari/537.36 Edg/126.0.0.0"), "computer", "Windows", "Edge 126"),
        ("", "", "", ""),
        ("\x00garbage" * 50, "", "", ""),
    ],
)
def test_describe_user_agent(agent, kind, system, browser):
    device = describe_user_agent(agent)
    assert (device.kind, device.system, device.browser) == (kind, system, browser)


async def open_bell(session_key):
    ws = WebsocketCommunicator(
        ws_app,
        "/ws/notifications/",
        headers=[(b"origin", b"http://testserver"), (b"cookie", f"sessionid={session_key}".encode())],
    )
    connected, _ = await ws.connect(timeout=5)
    assert connected
    json.loads(await ws.receive_from(timeout=3))  # the initial count
    return ws

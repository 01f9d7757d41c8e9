"""``{% memo %}``: the page chrome (navigation, user menu, footer) rendered once per process
and reused, never with another member's menu, another request's CSRF token or nonce, or
another language, and never holding a member's handle or name (the process cannot forget
them when an account is erased)."""

import re

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hub.pagecache import CSRF_MARK
from hub.templatetags import hub_fragments

pytestmark = pytest.mark.django_db

PROFILE_LINK = re.compile(r'<a class="dropdown-item" href="([^"]+)">Your profile</a>')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def fresh_memo():
    hub_fragments._memo.clear()  # noqa: SLF001
    yield
    hub_fragments._memo.clear()  # noqa: SLF001


def test_each_member_gets_their_own_user_menu():
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    pages = {}
    for member in (alice, bob, alice):
        client = Client()
        client.force_login(member)
        pages.setdefault(member.username, []).append(client.get(reverse("about")).content.decode())
    assert PROFILE_LINK.findall(pages["alice"][0]) == [alice.get_absolute_url()]
    assert PROFILE_LINK.findall(pages["bob"][0]) == [bob.get_absolute_url()]
    assert PROFILE_LINK.findall(pages["alice"][1]) == [alice.get_absolute_url()]  # from the memo
    assert any(key[0] == "user-menu" for key in hub_fragments._memo)  # noqa: SLF001
    # No member's handle or name is kept in the process (an erased account leaves no trace).
    kept = " ".join(hub_fragments._memo.values())  # noqa: SLF001
    assert "alice" not in kept and "bob" not in kept


def test_the_memoised_forms_carry_this_requests_csrf_token():
    member = UserFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (first, second):
        client.force_login(member)
    first.get(reverse("about"))  # fills the memo
    page = second.get(reverse("about")).content.decode()
    tokens = set(TOKEN.findall(page))
    assert tokens and CSRF_MARK not in page
    # The page's tokens are accepted for the second client's own session.
    answer = second.post(reverse("set_language"), {"language": "fr", "next": "/", "csrfmiddlewaretoken": tokens.pop()})
    assert answer.status_code == 302


def test_the_chrome_follows_the_language():
    client = Client()
    client.force_login(UserFactory())
    english = client.get("/about/").content.decode()
    french = client.get("/fr/about/").content.decode()
    assert "Skip to main content" in english and "Skip to main content" not in french
    assert "Log out" in english and "Log out" not in french


def test_the_language_switcher_keeps_each_pages_address():
    client = Client()
    client.force_login(UserFactory())
    client.get("/about/")
    page = client.get("/contact/").content.decode()
    assert 'name="next" value="/contact/"' in page


def test_a_part_showing_the_nonce_is_never_kept():
    request = RequestFactory().get("/")
    request._csp_nonce = "n0nce"  # noqa: SLF001
    template = Template('{% load hub_fragments %}{% memo "t" %}<script nonce="{{ nonce }}">{% endmemo %}')
    assert template.render(Context({"request": request, "nonce": "n0nce"})) == '<script nonce="n0nce">'
    assert not hub_fragments._memo  # noqa: SLF001


def test_values_name_the_variant():
    template = Template('{% load hub_fragments %}{% memo "t" who %}hello {{ who }}{% endmemo %}')
    assert template.render(Context({"who": "ana"})) == "hello ana"
    assert template.render(Context({"who": "ben"})) == "hello ben"
    assert template.render(Context({"who": "ana"})) == "hello ana"

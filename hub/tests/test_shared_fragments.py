"""Shared fragments of signed-in pages (hub.pagecache.Fragments): the directory's and the
home page's community cards, the thread list's rows.  Each piece is rendered once and shared
by readers who get the same HTML, and never shows one reader's badge, unread count or a
hidden thread to another."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from communities.models import Role, Visibility
from communities.tests.conftest import build_world
from discussions import services
from discussions.models import Thread
from hub import pagecache
from moderation import services as moderation_services

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<article class="card h-100 community-card">.*?</article>', re.S)
ROW = re.compile(r'<li class="list-group-item thread-row.*?</li>\n', re.S)


def stored(prefix):
    return [key for key in cache._cache if f"frag:{prefix}:" in key]  # noqa: SLF001


def card_of(html, name):
    return next(card for card in CARD.findall(html) if name in card)


def row_of(html, title):
    return next(row for row in ROW.findall(html) if title in row)


@pytest.fixture
def world(db):
    return build_world(visibility=Visibility.PUBLIC)


BADGES = {
    "anonymous": None,
    "nonmember": None,
    "member": "Member",
    "moderator": "Moderator",
    "owner": "Owner",
    "pending": "Request pending",
    "invited": "Invited",
}
BADGE_TEXTS = ("Member", "Moderator", "Owner", "Request pending", "Invited")


@pytest.mark.parametrize("url_name", ["communities:directory", "home"])
def test_each_reader_gets_their_own_membership_badge_on_shared_cards(world, url_name):
    name = world.community.name
    for _round in range(2):  # the second round serves every card from the fragment cache
        for role, badge in BADGES.items():
            client = world.client(role)
            pagecache.bump() if role == "anonymous" else None  # the anonymous page itself is cached
            html = client.get(reverse(url_name)).content.decode()
            if url_name == "home" and name not in html:
                continue  # the home page lists only a few communities
            card = card_of(html, name)
            shown = [text for text in BADGE_TEXTS if f">{text}</span>" in card]
            assert shown == ([badge] if badge else []), (role, shown)
    assert stored("communitycard")


def test_a_card_changes_with_its_community(world):
    client = world.client("member")
    url = reverse("communities:directory")
    assert world.community.name in client.get(url).content.decode()
    services.thread_create(author=world.users["member"], community=world.community, title="Silt traps",
                           body="Which silt traps work upstream?")  # fmt: skip
    card = card_of(client.get(url).content.decode(), world.community.name)
    assert "1 discussion" in card


def _thread(world, title, author="member"):
    return services.thread_create(author=world.users[author], community=world.community, title=title,
                                  body=f"{title}: what have you tried?")  # fmt: skip


def test_unread_badges_on_shared_rows_belong_to_each_reader(world):
    thread = _thread(world, "Recharge basins after the monsoon")
    url = reverse("discussions:thread-list", kwargs={"community": world.community.slug})
    reader, other = world.client("moderator"), world.client("owner")
    assert reader.get(thread.get_absolute_url()).status_code == 200  # the reader has read #1
    for n in range(2):
        services.post_create(author=world.users["member"], thread=thread, body=f"Reply number {n}.")
    for _round in range(2):
        mine = row_of(reader.get(url).content.decode(), "Recharge basins")
        assert "2 new posts" in mine and ">new</span>" not in mine
        theirs = row_of(other.get(url).content.decode(), "Recharge basins")  # never opened
        assert ">new</span>" in theirs and "new posts" not in theirs
        pagecache.bump()
        anonymous = row_of(world.client("anonymous").get(url).content.decode(), "Recharge basins")
        assert "new" not in anonymous.replace("Recharge", "")
    assert stored("threadrow")


def test_a_hidden_thread_row_is_never_shared_with_readers_who_may_not_see_it(world):
    thread = _thread(world, "Posted twice by mistake")
    moderation_services.thread_hide(actor=world.users["owner"], thread=thread, reason="Duplicate")
    url = reverse("discussions:thread-list", kwargs={"community": world.community.slug})
    moderator_list = world.client("moderator").get(url).content.decode()
    assert "Posted twice by mistake" in row_of(moderator_list, "Posted twice") and "Hidden" in moderator_list
    assert stored("threadrow")
    for role in ("pending", "nonmember", "anonymous"):
        assert "Posted twice by mistake" not in world.client(role).get(url).content.decode()
    assert Thread.objects.get(pk=thread.pk).is_hidden


def test_a_reply_changes_its_row_for_everyone(world):
    thread = _thread(world, "Gabion dams upstream")
    url = reverse("discussions:thread-list", kwargs={"community": world.community.slug})
    client = world.client("owner")
    assert "0 replies" in row_of(client.get(url).content.decode(), "Gabion dams")
    services.post_create(author=world.users["moderator"], thread=thread, body="Ours held in 2023.")
    row = row_of(client.get(url).content.decode(), "Gabion dams")
    assert "1 reply" in row and world.users["moderator"].name in row


def test_cards_render_when_the_cache_fails(world, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", broken)
    html = world.client("member").get(reverse("communities:directory")).content.decode()
    assert ">Member</span>" in card_of(html, world.community.name)


def test_role_names_stay_per_reader_after_a_role_change(world):
    from communities import services as community_services

    client = world.client("member")
    url = reverse("communities:directory")
    assert ">Member</span>" in card_of(client.get(url).content.decode(), world.community.name)
    community_services.membership_set_role(
        actor=world.users["owner"], community=world.community, user=world.users["member"], role=Role.MODERATOR
    )
    assert ">Moderator</span>" in card_of(client.get(url).content.decode(), world.community.name)

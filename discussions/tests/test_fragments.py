"""Cached post fragments of the thread page (discussions.fragments): shared between readers
with the same rights, never leaking one reader's controls, reactions or CSRF token to another,
and fresh as soon as something visible changes."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.template.engine import Engine
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from communities.models import Role
from discussions import fragments, services
from discussions.models import Post, Reaction
from hub import pagecache
from moderation import services as moderation_services

pytestmark = pytest.mark.django_db

PLACEHOLDER = b"\x1e"
ARTICLE = re.compile(r'<article id="p(\d+)".*?</article>', re.DOTALL)
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


@pytest.fixture
def post_renders(monkeypatch):
    """Names of the templates loaded to render a post (one per post rendered, none per hit)."""
    calls = []
    original = Engine.get_template

    def counting(self, name):
        if name == fragments.POST_TEMPLATE:
            calls.append(name)
        return original(self, name)

    monkeypatch.setattr(Engine, "get_template", counting)
    return calls


@pytest.fixture
def replies(thread, community, make_member):
    """Three replies by a third member (so that two other readers have the same rights on every post)."""
    writer = make_member(community, display_name="Ines Duarte")
    return [
        services.post_create(
            author=writer, thread=thread, body=f"Reading {n}: the piezometer at site {n} dropped 40 cm."
        )
        for n in (1, 2, 3)
    ]


@pytest.fixture
def readers(community, make_member):
    return make_member(community, display_name="Kofi Boateng"), make_member(community, display_name="Lucia Ferrer")


def signed_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def view(client, thread):
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert PLACEHOLDER not in response.content
    assert response.headers.get("X-Page-Cache") is None  # signed in: never the page cache
    return response.content.decode()


def articles(html):
    """{number: the <article> of that post}."""
    return {int(m.group(1)): m.group(0) for m in ARTICLE.finditer(html)}


def fragment_keys():
    return [key for key in cache._cache if fragments.KEY_PREFIX in key]  # noqa: SLF001


def post_action(thread, number, action):
    return reverse(f"discussions:{action}", kwargs={"community": thread.community.slug, "thread_id": thread.pk,
                                                   "number": number})  # fmt: skip


def edit_link(thread, number):
    return f'href="{post_action(thread, number, "post-edit")}"'


# --- shared between readers -------------------------------------------------------------------


def test_two_ordinary_members_share_the_rendered_posts(thread, replies, readers, post_renders):
    first, second = (signed_in(user) for user in readers)
    first_html = view(first, thread)
    assert len(post_renders) == 4
    assert len(fragment_keys()) == 4

    second_html = view(second, thread)
    assert len(post_renders) == 4  # every post came from the cache
    assert len(fragment_keys()) == 4
    shared = articles(first_html)
    assert sorted(shared) == [1, 2, 3, 4]
    second_posts = articles(second_html)
    assert {n: TOKEN.sub("TOKEN", a) for n, a in second_posts.items()} == {
        n: TOKEN.sub("TOKEN", a) for n, a in shared.items()
    }
    assert "the piezometer at site 3 dropped 40 cm" in second_posts[4]

    view(first, thread)  # the first reader again: still no rendering
    assert len(post_renders) == 4


def test_a_visible_write_renders_the_posts_again(thread, replies, readers, post_renders):
    reader = signed_in(readers[0])
    view(reader, thread)
    view(reader, thread)
    assert len(post_renders) == 4
    services.post_edit(actor=replies[0].author, post=replies[0], body="Reading 1 corrected: it dropped 45 cm.")
    html = view(reader, thread)
    assert len(post_renders) == 8
    assert "Reading 1 corrected: it dropped 45 cm." in articles(html)[2]


def test_a_private_write_keeps_the_rendered_posts(thread, replies, readers, post_renders):
    reader = signed_in(readers[0])
    view(reader, thread)
    services.subscription_set(user=readers[0], level="watch", thread=thread)
    services.thread_mark_read(user=readers[1], thread=thread, number=2)
    view(reader, thread)
    assert len(post_renders) == 4


# --- per-reader controls never leak -----------------------------------------------------------
# Everyone signs in first: a login writes last_login (a visible table) and so drops every
# stored fragment; each test then checks that nothing was dropped between the readers' views.


@pytest.fixture
def unchanged_generation():
    """Call with no argument after the logins, and again at the end of the test."""
    seen = []

    def check():
        seen.append(pagecache.generation())
        assert len(set(seen)) == 1, "a write dropped the fragments between two readers' views"

    return check


@pytest.mark.parametrize("author_first", [True, False])
def test_only_the_author_sees_the_edit_link(thread, member, readers, author_first, unchanged_generation):
    author, other = signed_in(member), signed_in(readers[0])
    unchanged_generation()
    order = [(author, True), (other, False)] if author_first else [(other, False), (author, True)]
    for client, is_author in order:
        opening = articles(view(client, thread))[1]
        assert (edit_link(thread, 1) in opening) is is_author
        assert ("Delete" in opening) is is_author
    unchanged_generation()


@pytest.mark.parametrize("reactor_first", [True, False])
def test_own_reaction_is_pressed_only_for_the_reactor(thread, readers, reactor_first, unchanged_generation):
    reactor, other = readers
    opening = Post.objects.get(thread=thread, number=1)
    services.reaction_toggle(user=reactor, post=opening, kind="like")
    clients = {reactor: signed_in(reactor), other: signed_in(other)}
    unchanged_generation()
    order = [(reactor, True), (other, False)] if reactor_first else [(other, False), (reactor, True)]
    for user, is_reactor in order:
        post = articles(view(clients[user], thread))[1]
        like = re.search(r'<button name="kind" value="like" aria-pressed="(true|false)"[^>]*>[^<]*'
                         r'<span class="reaction-count">(\d+)</span>', post)  # fmt: skip
        assert like is not None
        assert like.group(1) == ("true" if is_reactor else "false")
        assert like.group(2) == "1"
        assert ('aria-pressed="true"' in post) is is_reactor
    unchanged_generation()


@pytest.mark.parametrize("moderator_first", [True, False])
def test_only_the_moderator_sees_the_moderation_tools(
    thread, replies, moderator, readers, moderator_first, unchanged_generation
):
    order = [(signed_in(moderator), True), (signed_in(readers[0]), False)]
    unchanged_generation()
    if not moderator_first:
        order.reverse()
    for client, is_moderator in order:
        html = view(client, thread)
        for number, post in articles(html).items():
            assert ("data-post-tools=" in post) is is_moderator, number
            assert (f"Moderate #{number}" in post) is is_moderator
        assert (edit_link(thread, 2) in html) is is_moderator  # moderators may edit other people's posts
    unchanged_generation()


def test_moderators_share_posts_but_each_form_returns_to_their_own_page(
    thread, replies, community, make_member, post_renders, unchanged_generation
):
    first = make_member(community, role=Role.MODERATOR)
    second = make_member(community, role=Role.MODERATOR)
    moderation_services.post_hide(actor=first, post=replies[0], reason="Wrong site number")
    first_client, second_client = signed_in(first), signed_in(second)
    unchanged_generation()
    url = thread.get_absolute_url()
    assert f'name="next" value="{url}"' in view(first_client, thread)
    assert len(post_renders) == 4
    assert len(articles(view(second_client, thread))) == 4
    assert len(post_renders) == 4  # the same page: the second moderator gets the stored posts
    html = second_client.get(url + "?page=1").content.decode()
    assert f'name="next" value="{url}?page=1"' in html
    assert f'name="next" value="{url}"' not in html
    unchanged_generation()


def test_a_hidden_post_shows_its_outcome_to_its_author_only(thread, replies, moderator, readers, unchanged_generation):
    hidden = replies[1]
    moderation_services.post_hide(actor=moderator, post=hidden, reason="Duplicate reading")
    moderator_client, author_client, reader_client = (signed_in(u) for u in (moderator, hidden.author, readers[0]))
    unchanged_generation()
    moderator_view = articles(view(moderator_client, thread))[hidden.number]
    assert "Restore" in moderator_view and "Hidden by the moderators:" not in moderator_view
    author_view = articles(view(author_client, thread))[hidden.number]
    assert "Hidden by the moderators:" in author_view and "Duplicate reading" in author_view
    assert "Restore" not in author_view and "data-post-tools=" not in author_view
    assert hidden.number not in articles(view(reader_client, thread))
    unchanged_generation()


def test_the_csrf_token_in_a_shared_post_is_the_current_readers(thread, replies, readers, post_renders):
    first = signed_in(readers[0], enforce_csrf_checks=True)
    second = signed_in(readers[1], enforce_csrf_checks=True)
    first_html = view(first, thread)
    first_tokens = FORM_TOKEN.findall("".join(articles(first_html).values()))
    second_html = view(second, thread)
    assert len(post_renders) == 4  # the second reader got the first reader's stored posts
    second_tokens = FORM_TOKEN.findall("".join(articles(second_html).values()))
    assert len(second_tokens) == len(first_tokens) == 4  # one reaction form per post
    secret = second.cookies[settings.CSRF_COOKIE_NAME].value
    assert all(_unmask_cipher_token(token) == secret for token in second_tokens)
    assert all(_unmask_cipher_token(token) != secret for token in first_tokens)

    react = post_action(thread, 1, "reaction-toggle")
    assert second.post(react, {"kind": "thanks", "csrfmiddlewaretoken": first_tokens[0]}).status_code == 403
    response = second.post(react, {"kind": "thanks", "csrfmiddlewaretoken": second_tokens[0]})
    assert response.status_code != 403
    assert Reaction.objects.filter(user=readers[1], post__thread=thread, post__number=1, kind="thanks").exists()


# --- fresh for signed-in readers --------------------------------------------------------------


def test_a_new_reaction_shows_at_once_to_signed_in_readers(thread, readers, post_renders):
    watcher, reactor = signed_in(readers[0]), signed_in(readers[1])
    before = articles(view(watcher, thread))[1]
    assert re.search(r'value="insightful"[^>]*>[^<]*<span class="reaction-count">0</span>', before)
    view(watcher, thread)
    assert len(post_renders) == 1
    assert reactor.post(post_action(thread, 1, "reaction-toggle"), {"kind": "insightful"}).status_code in (200, 302)
    after = articles(view(watcher, thread))[1]
    assert re.search(r'value="insightful" aria-pressed="false"[^>]*>[^<]*<span class="reaction-count">1</span>', after)
    mine = articles(view(reactor, thread))[1]
    assert re.search(r'value="insightful" aria-pressed="true"[^>]*>[^<]*<span class="reaction-count">1</span>', mine)


def test_an_edit_and_a_new_name_show_at_once_to_signed_in_readers(thread, member, readers, post_renders):
    reader, author = signed_in(readers[0]), signed_in(member)
    assert "when the wells run low" in articles(view(reader, thread))[1]
    view(reader, thread)
    assert len(post_renders) == 1
    assert author.post(post_action(thread, 1, "post-edit"), {
        "body": "How often do you read piezometers in a drought year?", "title": thread.title}).status_code == 302  # fmt: skip
    opening = articles(view(reader, thread))[1]
    assert "in a drought year" in opening and "when the wells run low" not in opening
    view(reader, thread)
    renders = len(post_renders)
    account_services.profile_update(actor=member, user=member, display_name="Wanjiru Kamau")
    assert "Wanjiru Kamau" in articles(view(reader, thread))[1]
    assert len(post_renders) == renders + 1


def test_a_new_reply_is_on_the_page_at_once(thread, readers, replies):
    reader = signed_in(readers[0])
    assert len(articles(view(reader, thread))) == 4
    services.post_create(author=readers[1], thread=thread, body="Site 4 is dry since August.")
    posts = articles(view(reader, thread))
    assert len(posts) == 5 and "Site 4 is dry since August." in posts[5]


def test_a_stale_generation_is_never_used(thread, readers, post_renders):
    reader = signed_in(readers[0])
    view(reader, thread)
    pagecache.bump()
    view(reader, thread)
    assert len(post_renders) == 2


def test_posts_render_when_the_cache_fails(thread, replies, readers, monkeypatch):
    reader = signed_in(readers[0])
    view(reader, thread)

    def boom(*args, **kwargs):
        raise ConnectionError("cache unavailable")

    monkeypatch.setattr(cache, "get_many", boom)
    monkeypatch.setattr(cache, "set_many", boom)
    monkeypatch.setattr(cache, "incr", boom)
    services.post_create(author=readers[1], thread=thread, body="Posted while the cache was out.")
    posts = articles(view(reader, thread))
    assert len(posts) == 5 and "Posted while the cache was out." in posts[5]

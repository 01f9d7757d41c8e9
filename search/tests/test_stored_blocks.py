"""The stored form and results block of a signed-in search (``search.views._blocks``): a
repeated search costs no search query, and what is stored never outlives a visible write
nor reaches another member, another language or another page."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from communities.services import membership_leave
from discussions.models import Post
from discussions.services import post_create
from discussions.tests.factories import make_thread
from hub.resilience import cache_breaker
from moderation.services import post_hide
from search.tests.conftest import add_member, make_post

URL = reverse("search:search")
HIDDEN_BADGE = '<span class="badge text-bg-warning">hidden</span>'
# Signed in and stored: the session (unless it is read from Redis), the user; nothing of the
# search itself.
STORED_QUERIES = 1 if settings.SESSION_ENGINE == "hub.sessions" else 2


def _main(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


def _html(client, params, path=URL, **headers):
    response = client.get(path, params, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "groundwater"},
        {"q": "groundwater", "page": "2"},
        {"q": "groundwater", "sort": "newest", "author": "author"},
        {"q": "Insider", "type": "members"},
        {},
    ],
)
def test_repeated_search_costs_a_fixed_number_of_queries(client, world, django_assert_num_queries, params):
    client.force_login(world["member"])
    first = _html(client, params)
    with django_assert_num_queries(STORED_QUERIES):
        again = _html(client, params)
    assert _main(again) == _main(first)  # the page around it has per-request tokens


def test_stored_results_block_serves_htmx_requests(client, world, django_assert_num_queries):
    client.force_login(world["member"])
    page = _html(client, {"q": "groundwater"})
    with django_assert_num_queries(STORED_QUERIES):
        block = _html(client, {"q": "groundwater"}, HX_Request="true")
    assert block.strip() and block in page and "<html" not in block


def test_new_post_by_someone_else_shows_on_the_next_search(client, world):
    client.force_login(world["member"])
    assert "3 posts found" in _html(client, {"q": "groundwater"})
    other = UserFactory()
    add_member(other, world["public"])
    post_create(author=other, thread=world["open_thread"], body="Fresh groundwater readings from the wells.")
    html = _html(client, {"q": "groundwater"})
    assert "4 posts found" in html and "Fresh <mark>groundwater</mark> readings" in html


def test_post_hidden_by_a_moderator_leaves_the_next_search_of_a_member(client, world):
    post = Post.objects.get(thread__title="Recharge of the aquifer", number=1)
    client.force_login(world["member"])
    assert "Recharge of the " in _html(client, {"q": "aquifer"})
    post_hide(actor=world["moderator"], post=post, reason="Off topic")
    html = _html(client, {"q": "aquifer"})
    assert "Recharge of the " not in html and "0 posts found" in html


def test_a_members_stored_results_never_reach_a_non_member(client, world):
    client.force_login(world["member"])
    assert "Canal schedules" in _html(client, {"q": "privatekeyword"})
    client.force_login(world["outsider"])
    html = _html(client, {"q": "privatekeyword"})
    assert "Canal schedules" not in html and "0 posts found" in html
    # Nor the private community among the outsider's filter options.
    assert world["private"].slug not in _html(client, {"q": "groundwater"})


def test_leaving_the_private_community_drops_its_posts_from_the_next_search(client, world):
    client.force_login(world["member"])
    assert "Canal schedules" in _html(client, {"q": "privatekeyword"})
    membership_leave(actor=world["member"], community=world["private"])
    assert "Canal schedules" not in _html(client, {"q": "privatekeyword"})


def test_a_moderators_hidden_badge_never_reaches_a_plain_member(client, world):
    client.force_login(world["moderator"])
    assert HIDDEN_BADGE in _html(client, {"q": "groundwater"})
    client.force_login(world["member"])
    html = _html(client, {"q": "groundwater"})
    assert HIDDEN_BADGE not in html and "hiddenpostword" not in html and "3 posts found" in html


@pytest.mark.parametrize(
    ("lang", "found", "button"),
    [("fr", "3 messages trouvés", "Appliquer les filtres"), ("es", "Se encontraron 3 mensajes", "Aplicar filtros")],
)
def test_stored_blocks_are_per_language(client, world, lang, found, button):
    client.force_login(world["member"])
    english = _html(client, {"q": "groundwater"})
    assert "3 posts found" in english and "Apply filters" in english
    with translation.override(lang):
        path = reverse("search:search")
    html = _html(client, {"q": "groundwater"}, path)
    assert found in html and button in html and "posts found" not in html
    translation.deactivate()
    assert "3 posts found" in _html(client, {"q": "groundwater"})


@pytest.fixture
def cache_down(settings):
    """The project's cache pointed at a port where nothing listens (Redis stopped)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "hub.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    cache_breaker.reset()
    yield
    cache_breaker.reset()


def test_search_renders_while_the_cache_is_down(client, world, cache_down):
    client.force_login(world["member"])
    for _ in range(2):
        html = _html(client, {"q": "groundwater"})
        assert "3 posts found" in html and "Apply filters" in html
    client.force_login(world["outsider"])
    assert "1 post found" in _html(client, {"q": "groundwater"})


def test_each_page_and_type_of_a_search_is_stored_apart(client, world):
    thread = make_thread(community=world["public"], author=world["author"], title="Monsoon log", body="monsoon 0")
    for i in range(1, 25):
        make_post(thread=thread, author=world["author"], body=f"monsoon day {i}")
    client.force_login(world["member"])
    for _ in range(2):
        first, second = _html(client, {"q": "monsoon"}), _html(client, {"q": "monsoon", "page": "2"})
        assert "Page 1 of 2" in first and "Page 2 of 2" in second
        members = _html(client, {"q": "monsoon", "type": "members"})
        assert "0 members found" in members and "25 posts found" not in members

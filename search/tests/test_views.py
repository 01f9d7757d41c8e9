import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from discussions.tests.factories import make_thread
from search.tests.conftest import add_member, make_community, make_post

URL = reverse("search:search")

ROLES = ["anonymous", "outsider", "member", "moderator", "author", "staff"]
# secret word -> roles that may find it
SECRETS = {
    "privatekeyword": {"member", "moderator", "author", "staff"},
    "hiddenkeyword": {"member", "moderator", "author", "staff"},
    "hiddenpostword": {"moderator", "author", "staff"},
    "pendingpostword": {"moderator", "author", "staff"},
    "hiddenthreadword": {"moderator", "author", "staff"},
    "deletedpostword": set(),
}
# role -> how many posts mention "groundwater" that the role may read
GROUNDWATER_COUNTS = {"anonymous": 1, "outsider": 1, "member": 3, "moderator": 6, "author": 6, "staff": 6}


def _client_for(client, world, role):
    if role == "anonymous":
        return client
    user = UserFactory(is_staff=True) if role == "staff" else world[role]
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_search_permission_matrix(client, world, role):
    """Each role finds exactly the posts it may read: not in results, counts or snippets otherwise."""
    client = _client_for(client, world, role)
    for word, allowed in SECRETS.items():
        response = client.get(URL, {"q": word})
        assert response.status_code == 200
        html = response.content.decode()
        found = [p for p in response.context["page"].object_list if word in p.snippet]
        assert bool(found) == (role in allowed), (word, role)
        assert (f"<mark>{word}</mark>" in html) == (role in allowed), (word, role)
        expected = "1 post found" if role in allowed else "0 posts found"
        assert expected in response.content.decode(), (word, role)
    response = client.get(URL, {"q": "groundwater"})
    n = GROUNDWATER_COUNTS[role]
    assert f"{n} post{'s' if n != 1 else ''} found" in response.content.decode()
    html = client.get(URL, {"q": "Sanitation", "type": "communities"}).content.decode()
    assert ("Hidden Sanitation Cell" in html) == (role in {"member", "moderator", "author", "staff"})
    html = client.get(URL, {"q": "Irrigation", "type": "communities"}).content.decode()
    assert "Private Irrigation Circle" in html  # private communities are listed (not their content)


def test_search_private_community_filter_is_not_revealed(client, world):
    client.force_login(world["outsider"])
    for slug in (world["private"].slug, world["hidden"].slug, "no-such-community"):
        response = client.get(URL, {"q": "groundwater", "community": slug})
        assert response.status_code == 400
        assert "no community with that address that you can read" in response.content.decode()
    client.force_login(world["member"])
    response = client.get(URL, {"q": "groundwater", "community": world["private"].slug})
    assert "1 post found" in response.content.decode()


def test_search_ranking_prefers_title_matches(client, db):
    author = UserFactory()
    public = make_community()
    now = timezone.now()
    make_thread(community=public, author=author, title="Unrelated thread", body="Nothing here.", created_at=now)
    other = make_thread(community=public, author=author, title="Pumps", body="About pumps.", created_at=now)
    make_post(thread=other, author=author, body="A reply mentioning desalination once.", created_at=now)
    make_thread(
        community=public,
        author=author,
        title="Desalination plant costs",
        body="Desalination energy use and desalination brine.",
        created_at=now - datetime.timedelta(days=30),
    )
    response = client.get(URL, {"q": "desalination"})
    hits = response.context["page"].object_list
    assert [p.thread.title for p in hits] == ["Desalination plant costs", "Pumps"]
    # Newest first on request.
    response = client.get(URL, {"q": "desalination", "sort": "newest"})
    assert [p.thread.title for p in response.context["page"].object_list] == ["Pumps", "Desalination plant costs"]


def test_search_snippet_highlights_and_escapes(client, db):
    author = UserFactory()
    public = make_community()
    make_thread(
        community=public,
        author=author,
        title="Tariffs <b>bold</b>",
        body="Water tariffs <script>alert(1)</script> and **tariff** reform.",
    )
    html = client.get(URL, {"q": "tariffs"}).content.decode()
    assert "<mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "<b>bold</b>" not in html
    assert f'href="{public.get_absolute_url()}"' in html and f'href="{author.get_absolute_url()}"' in html


def test_search_filters(client, db):
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    one, two = make_community(name="One"), make_community(name="Two")
    old = timezone.now() - datetime.timedelta(days=400)
    make_thread(community=one, author=alice, title="Flood maps", body="flood alice one", tags=["mapping"])
    make_thread(community=two, author=bob, title="Flood risk", body="flood bob two", created_at=old)

    def titles(**params):
        response = client.get(URL, {"q": "flood", **params})
        assert response.status_code == 200, response.content
        return sorted(p.thread.title for p in response.context["page"].object_list)

    assert titles() == ["Flood maps", "Flood risk"]
    assert titles(community=one.slug) == ["Flood maps"]
    assert titles(author="@bob") == ["Flood risk"]
    assert titles(tag="mapping") == ["Flood maps"]
    recent = (timezone.now() - datetime.timedelta(days=30)).date().isoformat()
    assert titles(date_from=recent) == ["Flood maps"]
    assert titles(date_to=recent) == ["Flood risk"]
    # Filters alone (no words) list the matching posts, newest first.
    response = client.get(URL, {"author": "alice"})
    assert [p.thread.title for p in response.context["page"].object_list] == ["Flood maps"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 10_000}, "Searches are limited to 200 characters"),
        ({"q": "water\x00"}, "Null characters are not allowed"),
        ({"q": "water", "date_from": "2024-13-45"}, "Enter a valid date"),
        ({"q": "water", "date_from": "2024-05-01", "date_to": "2024-04-01"}, "end date is before the start date"),
        ({"q": "water", "author": "nobody-at-all"}, "no member with the handle @nobody-at-all"),
        ({"q": "water", "author": "a\x00b"}, "Null characters are not allowed"),
        ({"q": "water", "community": "a\x00b"}, "no community with that address"),
        ({"q": "water", "sort": "sideways"}, "Select a valid choice"),
    ],
)
def test_search_bad_input_gives_a_clear_message(client, world, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "q", ['"', "-", "OR", "OR OR", "!!!", "a & b | c", "'; drop table x;--", "-groundwater", '"" -""', "ü∂ƒ 水"]
)
def test_search_odd_syntax_never_fails(client, world, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200


def test_search_empty_query_shows_a_prompt(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Type a few words" in response.content.decode()
    response = client.get(URL, {"q": "   "})
    assert response.status_code == 200
    assert "Type a few words" in response.content.decode()


def test_search_pagination(client, db):
    author = UserFactory()
    public = make_community()
    thread = make_thread(community=public, author=author, title="Monsoon log", body="monsoon day 0")
    for i in range(1, 25):
        make_post(thread=thread, author=author, body=f"monsoon day {i}")
    first = client.get(URL, {"q": "monsoon"})
    assert "25 posts found" in first.content.decode()
    assert len(first.context["page"].object_list) == 20
    second = client.get(URL, {"q": "monsoon", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert "communities" in first.context and "communities" not in second.context
    for page in ("abc", "999", "-1", "1\x00"):
        assert client.get(URL, {"q": "monsoon", "page": page}).status_code == 200


def test_search_members_and_communities_tabs(client, world):
    html = client.get(URL, {"q": "Insider", "type": "members"}).content.decode()
    assert "Ivo Insider" in html and "1 member found" in html
    html = client.get(URL, {"q": "groundwater"}).content.decode()
    assert "Groundwater Basin Network" in html  # sidebar
    world["outsider"].expertise.add("Hydrogeology")
    html = client.get(URL, {"q": "hydrogeology", "type": "members"}).content.decode()
    assert "Otto Outsider" in html and "1 member found" in html


def _grow(world, n):
    """Add ``n`` public threads with replies mentioning groundwater, and n members."""
    author = world["author"]
    for i in range(n):
        thread = make_thread(
            community=world["public"], author=author, title=f"Groundwater note {i}", body="groundwater notes"
        )
        make_post(thread=thread, author=UserFactory(display_name=f"Groundwater Person {i}"), body="groundwater reply")
    community = make_community(name=f"Groundwater extra {n}")
    add_member(author, community)


# Search itself: (title hits on PostgreSQL), ranked ids, one page of rows,
# communities, members, the community filter list; plus session, user, the layout's
# badges (signed in), the knowledge library's queries and one for events.
MAX_QUERIES = 16


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_search_query_count_is_fixed(client, world, django_assert_max_num_queries, role):
    client = _client_for(client, world, role)
    params = {"q": "groundwater", "community": "", "author": "", "tag": ""}
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(URL, params).status_code == 200
    _grow(world, 30)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL, params)
    assert len(response.context["page"].object_list) == 20
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(URL, {**params, "author": "author", "tag": "x", "community": world["public"].slug})


def test_search_result_cache_never_serves_stale_visibility(client, world):
    """The ranked ids are cached, but a new post shows at once and a hidden one disappears."""
    from discussions.models import Post

    assert "1 post found" in client.get(URL, {"q": "groundwater"}).content.decode()
    post = make_post(thread=world["open_thread"], author=world["author"], body="Fresh groundwater data.")
    response = client.get(URL, {"q": "groundwater"})
    assert "2 posts found" in response.content.decode()
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    response = client.get(URL, {"q": "groundwater"})
    assert "Fresh groundwater" not in response.content.decode()


def test_search_result_cache_never_outlives_a_membership_or_visibility_change(client, world):
    """A member banned from the private community, or a thread hidden, drops out of the cached
    results on the very next search (the ids are stamped with the page cache's generations)."""
    from communities.models import Membership, MembershipStatus
    from discussions.models import Thread

    client.force_login(world["member"])
    assert "Canal schedules" in client.get(URL, {"q": "privatekeyword"}).content.decode()
    Membership.objects.filter(user=world["member"], community__name="Private Irrigation Circle").update(
        status=MembershipStatus.BANNED
    )
    assert "Canal schedules" not in client.get(URL, {"q": "privatekeyword"}).content.decode()
    assert "Recharge of the " in client.get(URL, {"q": "aquifer"}).content.decode()
    Thread.objects.filter(title="Recharge of the aquifer").update(is_hidden=True)
    assert "Recharge of the " not in client.get(URL, {"q": "aquifer"}).content.decode()


def test_search_snippet_is_the_post_as_plain_text(client, db):
    author = UserFactory()
    make_thread(
        community=make_community(),
        author=author,
        title="Aquifer notes",
        body="The aquifer_level field: if a > b && c < d then `x * 2` # not a heading",
    )
    response = client.get(URL, {"q": "aquifer"})
    snippet = response.context["page"].object_list[0].snippet
    assert "<mark>aquifer</mark>_level" in snippet
    assert "a &gt; b &amp;&amp; c &lt; d then x * 2 # not a heading" in snippet

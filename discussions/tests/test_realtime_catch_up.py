"""The catch-up endpoint a reconnecting client uses: complete, never twice, permission-checked."""

import pytest
from django.urls import reverse

from communities.models import Role
from discussions.tests.realtime_helpers import add_post, hidden_post, make_community, make_member, make_thread
from discussions.tests.test_consumers import READERS, ROLES, person

pytestmark = pytest.mark.django_db


def url(thread, number=0):
    return reverse("discussions:posts-after", kwargs={"thread_id": thread.pk, "number": number})


def fetch(client, thread, number=0):
    response = client.get(url(thread, number), HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    assert "no-cache" in response.get("Cache-Control", "") or "max-age=0" in response.get("Cache-Control", "")
    return response.json()


@pytest.mark.parametrize("visibility", ["public", "private", "hidden"])
@pytest.mark.parametrize("role", ROLES)
def test_catch_up_permission_matrix(client, role, visibility):
    community = make_community(visibility)
    thread = make_thread(community, posts=3)
    user = person(role, community)
    if user is not None:
        client.force_login(user)
    allowed = READERS[role][["public", "private", "hidden"].index(visibility)]
    response = client.get(url(thread, 1))
    if allowed:
        assert response.status_code == 200
        assert [p["number"] for p in response.json()["posts"]] == [2, 3]
    else:
        assert response.status_code == 404  # never reveals that a private thread exists


@pytest.mark.parametrize("role,allowed", [("anonymous", False), ("member", False), ("author", True),
                                          ("moderator", True), ("staff", True)])  # fmt: skip
def test_catch_up_hidden_thread(client, role, allowed):
    community = make_community("public")
    author = make_member(community)
    thread = make_thread(community, author=author, is_hidden=True, posts=2)
    user = author if role == "author" else person(role, community)
    if user is not None:
        client.force_login(user)
    assert client.get(url(thread)).status_code == (200 if allowed else 404)


def test_catch_up_skips_what_the_reader_may_not_see_but_covers_its_numbers(client):
    from discussions.models import PostStatus

    community = make_community("public")
    author = make_member(community)
    newcomer = make_member(community)
    moderator = make_member(community, role=Role.MODERATOR)
    thread = make_thread(community, author=author, posts=3)
    hidden_post(thread)  # 4
    add_post(thread)  # 5
    add_post(thread, author=newcomer, status=PostStatus.PENDING)  # 6
    add_post(thread, is_deleted=True)  # 7: shown as "deleted" (numbers stay stable)
    add_post(thread, body="<script>alert(1)</script> plain words")  # 8

    body = fetch(client, thread, 2)
    assert [p["number"] for p in body["posts"]] == [3, 5, 7, 8]
    assert body["covered"] == 8 and body["more"] is False
    assert all(f'id="p{p["number"]}"' in p["html"] for p in body["posts"])
    assert "This post was deleted" in body["posts"][2]["html"]

    client.force_login(newcomer)
    assert [p["number"] for p in fetch(client, thread, 2)["posts"]] == [3, 5, 6, 7, 8]
    client.force_login(moderator)
    assert [p["number"] for p in fetch(client, thread, 2)["posts"]] == [3, 4, 5, 6, 7, 8]


def test_catch_up_pages_through_long_gaps_without_gaps_or_duplicates(client):
    community = make_community("public")
    thread = make_thread(community, posts=120)
    seen, covered, rounds = [], 0, 0
    while True:
        rounds += 1
        body = fetch(client, thread, covered)
        seen += [p["number"] for p in body["posts"]]
        assert body["covered"] >= covered
        covered = body["covered"]
        if not body["more"]:
            break
    assert seen == list(range(1, 121))
    assert rounds == 3 and covered == 120


def test_catch_up_past_the_end_and_absurd_numbers(client):
    community = make_community("public")
    thread = make_thread(community, posts=2)
    body = fetch(client, thread, 5)
    assert body == {"thread_id": thread.pk, "covered": 5, "more": False, "posts": []}
    assert fetch(client, thread, 10**15)["posts"] == []
    assert client.get(f"/c/thread/{10**20}/posts-after/0/").status_code == 404
    assert client.get(f"/c/thread/{thread.pk}/posts-after/-1/").status_code == 404
    assert client.post(url(thread)).status_code == 405


@pytest.mark.parametrize("size", [3, 40])
def test_catch_up_query_count_does_not_grow(client, django_assert_max_num_queries, size):
    community = make_community("public")
    member = make_member(community)
    thread = make_thread(community, posts=size)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        body = fetch(client, thread, 0)
    assert len(body["posts"]) == size


def test_catch_up_rate_limited_with_json(client, settings, monkeypatch):
    from discussions import views_realtime

    monkeypatch.setattr(views_realtime, "CATCH_UP_RATE", "2/m")
    community = make_community("public")
    thread = make_thread(community)
    assert client.get(url(thread)).status_code == 200
    assert client.get(url(thread)).status_code == 200
    response = client.get(url(thread))
    assert response.status_code == 429
    assert "error" in response.json() and int(response["Retry-After"]) > 0

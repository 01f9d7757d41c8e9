"""PostgreSQL full text: websearch syntax, stemming, ranking, stored vectors kept current."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import UserFactory
from discussions.models import Post, Thread
from discussions.tests.factories import make_thread
from search.tests.conftest import make_community, make_post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only"),
]
URL = reverse("search:search")


@pytest.fixture
def corpus(db):
    author = UserFactory()
    public = make_community()
    thread = make_thread(community=public, author=author, title="Basin planning", body="River basin planning.")
    make_post(thread=thread, author=author, body="The basin of the river is dry.")
    make_post(thread=thread, author=author, body="Drought plans for the river basin.")
    make_post(thread=thread, author=author, body="Flood warnings along the coast.")
    return thread


def _bodies(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return sorted(p.body for p in Post.objects.filter(pk__in=[h.pk for h in response.context["page"].object_list]))


def test_search_websearch_phrase(client, corpus):
    assert _bodies(client, '"river basin"') == ["Drought plans for the river basin.", "River basin planning."]


def test_search_websearch_exclusion(client, corpus):
    assert _bodies(client, "basin -drought") == ["River basin planning.", "The basin of the river is dry."]


def test_search_websearch_or(client, corpus):
    assert _bodies(client, "drought OR flood") == [
        "Drought plans for the river basin.",
        "Flood warnings along the coast.",
    ]


def test_search_stems_words(client, corpus):
    assert _bodies(client, "plan") == ["Drought plans for the river basin.", "River basin planning."]


def test_search_headline_marks_terms(client, corpus):
    html = client.get(URL, {"q": "drought"}).content.decode()
    assert "<mark>Drought</mark> plans" in html


def test_search_vectors_follow_edits(client, corpus):
    """The stored columns are generated: an edited post or renamed thread is found at once."""
    post = corpus.posts.get(number=4)
    Post.objects.filter(pk=post.pk).update(body="Monsoon warnings along the coast.")
    Thread.objects.filter(pk=corpus.pk).update(title="Estuary planning")
    assert _bodies(client, "monsoon") == ["Monsoon warnings along the coast."]
    assert _bodies(client, "estuary") == ["River basin planning."]
    assert _bodies(client, "flood") == []


def test_search_uses_gin_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_%%_vector_gin'")
        assert sorted(r[0] for r in cursor.fetchall()) == ["search_post_vector_gin", "search_thread_vector_gin"]


def test_search_headline_is_the_post_as_plain_text(client, db):
    author = UserFactory()
    make_thread(
        community=make_community(),
        author=author,
        title="Gauges",
        body="The gauge_reading column: if rainfall > 10 & `x * 2` **gauges** # stays",
    )
    response = client.get(URL, {"q": "gauges"})
    snippet = response.context["page"].object_list[0].snippet
    assert "<mark>gauge</mark>_reading column: if rainfall &gt; 10 &amp; x * 2" in snippet
    assert "<mark>gauges</mark>" in snippet and "# stays" in snippet

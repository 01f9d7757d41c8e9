"""Search across accents and languages: unaccented, stemmed per post language (PostgreSQL)."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import UserFactory
from discussions.models import Post, Thread
from discussions.tests.factories import make_thread
from search.tests.conftest import add_member, make_community, make_post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="unaccent and the French/Spanish text search configurations exist only on PostgreSQL",
    ),
]
URL = reverse("search:search")

FRENCH = "Au Niger, la sécheresse de 2022 a réduit les récoltes ; les inondations ont suivi en août."
SPANISH = "La gestión integrada de los glaciares andinos exige datos de balance de masa."
ENGLISH = "Drought planning for the river basin authorities."


@pytest.fixture
def corpus(db):
    author = UserFactory()
    community = make_community()
    thread = make_thread(community=community, author=author, title="Basin planning", body=ENGLISH, language="en")
    make_post(thread=thread, author=author, body=FRENCH, language="fr")
    make_post(thread=thread, author=author, body=SPANISH, language="es")
    make_thread(
        community=community, author=author, title="Réunions du comité de bassin", body="Ordre du jour.",
        language="fr",
    )  # fmt: skip
    return thread


def _bodies(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return sorted(p.body for p in Post.objects.filter(pk__in=[h.pk for h in response.context["page"].object_list]))


@pytest.mark.parametrize("q", ["gestion", "GESTIÓN", "gestión"])
def test_search_finds_spanish_word_with_or_without_accent(client, corpus, q):
    assert _bodies(client, q) == [SPANISH]


@pytest.mark.parametrize("q", ["secheresse", "sécheresse", "Sécheresses"])
def test_search_finds_french_word_with_or_without_accent(client, corpus, q):
    assert _bodies(client, q) == [FRENCH]


def test_search_stems_french_words_of_french_posts(client, corpus):
    """ "inondation" and "récolte" (singular) find "inondations", "récoltes" in a French post."""
    assert _bodies(client, "inondation") == [FRENCH]
    assert _bodies(client, "recolte") == [FRENCH]


def test_search_stems_spanish_words_of_spanish_posts(client, corpus):
    """ "andino", "dato", "integrado" find "andinos", "datos", "integrada" in a Spanish post."""
    assert _bodies(client, "andino") == [SPANISH]
    assert _bodies(client, "dato integrado") == [SPANISH]


def test_search_keeps_english_stems_and_exclusions(client, corpus):
    assert _bodies(client, "plans") == [ENGLISH]
    assert _bodies(client, "authorities -drought") == []


def test_search_matches_french_thread_titles_by_stem_and_without_accents(client, corpus):
    assert _bodies(client, "reunion comites") == ["Ordre du jour."]


def test_search_headline_marks_the_accented_word(client, corpus):
    html = client.get(URL, {"q": "gestion"}).content.decode()
    assert "<mark>gestión</mark> integrada" in html


def test_stored_vectors_use_the_post_language(corpus):
    post = Post.objects.get(body=FRENCH)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM discussions_post WHERE id = %s", [post.pk])
        vector = cursor.fetchone()[0]
    # French stems, French stopwords dropped ("les", "la"), accents removed.
    assert "'secheress'" in vector and "'suiv'" in vector and "'les'" not in vector and "é" not in vector
    # The same text stored as English: English stems, French words kept as they are.
    Post.objects.filter(pk=post.pk).update(language="en")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM discussions_post WHERE id = %s", [post.pk])
        vector = cursor.fetchone()[0]
    assert "'suivi'" in vector and "'les'" in vector and "é" not in vector


def test_search_follows_a_language_change(client, corpus):
    """Stored vectors are generated from body and language: a corrected language re-stems at once."""
    post = Post.objects.get(body=SPANISH)
    assert _bodies(client, "andino") == [SPANISH]
    Post.objects.filter(pk=post.pk).update(language="fr")
    Thread.objects.filter(pk=corpus.pk).update(title="Basin planning again")
    assert _bodies(client, "gestion") == [SPANISH]  # accents go whatever the language


def test_search_configurations_and_extension_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'hub_%%' ORDER BY cfgname")
        assert [r[0] for r in cursor.fetchall()] == ["hub_english", "hub_french", "hub_spanish"]
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        assert cursor.fetchone() == (1,)


def test_search_communities_and_members_ignore_accents(client, db):
    community = make_community(name="Gestión de cuencas andinas")
    member = UserFactory(display_name="Hélène Ouédraogo")
    add_member(member, community)
    page = client.get(URL, {"q": "gestion", "type": "communities"}).context["page"]
    assert [c.pk for c in page.object_list] == [community.pk]
    page = client.get(URL, {"q": "ouedraogo", "type": "members"}).context["page"]
    assert [u.pk for u in page.object_list] == [member.pk]


def test_search_query_count_is_fixed_with_posts_in_three_languages(client, corpus, django_assert_max_num_queries):
    from search.tests.test_views import MAX_QUERIES

    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(URL, {"q": "gestion"}).status_code == 200
    author = corpus.author
    for n in range(25):
        make_post(thread=corpus, author=author, body=f"Gestion des données n° {n} du bassin.", language="fr")
        make_post(thread=corpus, author=author, body=f"Gestión de datos número {n}.", language="es")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL, {"q": "gestion"})
    assert len(response.context["page"].object_list) == 20

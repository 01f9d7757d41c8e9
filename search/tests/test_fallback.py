"""The SQLite fallback: substring matching with case and accents folded, on both sides."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import UserFactory
from discussions.models import Post
from discussions.tests.factories import make_thread
from search import query as q_syntax
from search.tests.conftest import add_member, make_community, make_post

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite fallback; PostgreSQL has test_languages.py"
)
URL = reverse("search:search")


@pytest.fixture
def corpus(db):
    author = UserFactory()
    community = make_community()
    thread = make_thread(community=community, author=author, title="Sécheresse au Sahel", body="Ordre du jour.")
    make_post(thread=thread, author=author, body="La GESTIÓN integrada de cuencas.")
    make_post(thread=thread, author=author, body="Gestion des nappes phréatiques.")
    make_post(thread=thread, author=author, body="Groundwater management in Kenya.")
    return thread


def _bodies(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return sorted(p.body for p in Post.objects.filter(pk__in=[h.pk for h in response.context["page"].object_list]))


@pytest.mark.parametrize("q", ["gestion", "Gestión", "GESTION"])
def test_fallback_ignores_case_and_accents(client, corpus, q):
    assert _bodies(client, q) == ["Gestion des nappes phréatiques.", "La GESTIÓN integrada de cuencas."]


def test_fallback_matches_titles_and_excludes_without_accents(client, corpus):
    assert _bodies(client, "secheresse") == ["Ordre du jour."]
    assert _bodies(client, "phreatiques") == ["Gestion des nappes phréatiques."]
    assert _bodies(client, "gestion -phréatiques") == ["La GESTIÓN integrada de cuencas."]


def test_fallback_snippet_marks_the_accented_word(client, corpus):
    html = client.get(URL, {"q": "gestion"}).content.decode()
    assert "<mark>GESTIÓN</mark> integrada" in html


def test_fallback_communities_and_members_ignore_accents(client, db):
    community = make_community(name="Gestión de cuencas andinas")
    member = UserFactory(display_name="Hélène Ouédraogo")
    add_member(member, community)
    page = client.get(URL, {"q": "GESTION", "type": "communities"}).context["page"]
    assert [c.pk for c in page.object_list] == [community.pk]
    page = client.get(URL, {"q": "helene", "type": "members"}).context["page"]
    assert [u.pk for u in page.object_list] == [member.pk]


def test_fold_and_marks_keep_the_original_text():
    assert q_syntax.fold("Gestión SÉCHERESSE Ñandú") == "gestion secheresse nandu"
    assert q_syntax.mark_terms("Cafe\u0301 & eau", ["cafe"]) == "<mark>Cafe\u0301</mark> &amp; eau"
    assert q_syntax.highlight("Les inondations à Niamey", ["a niamey"]) == "Les inondations <mark>à Niamey</mark>"

import pytest
from django.urls import reverse

from accounts.models import Sector
from accounts.tests.factories import UserFactory

URL = reverse("accounts:directory")


@pytest.fixture
def people(db):
    amina = UserFactory(
        display_name="Amina Diallo", organisation="Senegal River Basin", country="SN", sector=Sector.INTERNATIONAL
    )
    amina.expertise.set(["groundwater", "transboundary water"])
    kofi = UserFactory(
        display_name="Kofi Mensah", organisation="Volta Basin Authority", country="GH", sector=Sector.GOVERNMENT
    )
    kofi.expertise.set(["floods"])
    lucia = UserFactory(
        display_name="Lucía García", organisation="Universidad de Sevilla", country="ES", sector=Sector.ACADEMIA
    )
    lucia.expertise.set(["Groundwater recharge"])
    UserFactory(display_name="Gone Member", is_active=False)
    return amina, kofi, lucia


def names(response):
    return [m.display_name for m in response.context["page"].object_list]


@pytest.mark.django_db
def test_directory_access_anonymous_member_staff(client, people, user, staff_user):
    for who in (None, user, staff_user):
        if who:
            client.force_login(who)
        response = client.get(URL)
        assert response.status_code == 200
        assert "Amina Diallo" in names(response)
        assert "Gone Member" not in names(response)
        assert b"@example.org" not in response.content  # no email addresses in the directory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "amina"}, ["Amina Diallo"]),
        ({"q": "volta"}, ["Kofi Mensah"]),
        ({"q": "groundwater"}, ["Amina Diallo", "Lucía García"]),
        ({"q": "groundwater", "country": "ES"}, ["Lucía García"]),
        ({"sector": "government"}, ["Kofi Mensah"]),
        ({"country": "SN", "sector": "government"}, []),
    ],
)
def test_directory_search_and_filters(client, people, params, expected):
    assert names(client.get(URL, params)) == expected


@pytest.mark.django_db
def test_directory_country_filter_lists_only_member_countries(client, people):
    choices = dict(client.get(URL).context["form"].fields["country"].choices)
    assert {"SN", "GH", "ES"} <= set(choices) and "FR" not in choices


@pytest.mark.django_db
# 20k characters: huge for a field, still under the address limit (past it, the 414 page).
@pytest.mark.parametrize("value", ["bad\x00value", "x" * 20_000], ids=["nul", "20k"])
@pytest.mark.parametrize("field", ["q", "country", "sector", "page"])
def test_directory_hostile_query_values_never_500(client, people, field, value):
    response = client.get(URL, {field: value})
    assert response.status_code == 200


@pytest.mark.django_db
def test_directory_htmx_returns_results_fragment(client, people):
    response = client.get(URL, {"q": "kofi"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content and b"Kofi Mensah" in response.content


@pytest.mark.django_db
def test_directory_is_paginated(client):
    UserFactory.create_batch(30)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 24
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 6
    assert 'rel="next"' in first.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["", "basin"])
def test_directory_query_count_does_not_grow(client, user, django_assert_max_num_queries, q):
    client.force_login(user)

    def make(n):
        for member in UserFactory.create_batch(n, organisation="Lake Basin Authority"):
            member.expertise.set(["wetlands", "drought"])

    make(3)
    client.get(URL, {"q": q})  # warm-up: one-off lookups (content types, session) are not per-row
    with django_assert_max_num_queries(8) as small:
        client.get(URL, {"q": q})
    make(40)
    with django_assert_max_num_queries(8) as large:
        client.get(URL, {"q": q})
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_profile_query_count_does_not_grow(client, user, django_assert_max_num_queries):
    client.force_login(user)
    member = UserFactory()
    member.expertise.set(["a"])
    url = member.get_absolute_url()
    client.get(url)  # warm-up: one-off lookups are not per-row
    # 4 for the page, 6 for the sections other apps add (communities; threads, replies and
    # counts of activity): a fixed number whatever the member did.
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    member.expertise.set([f"topic {i}" for i in range(12)])
    with django_assert_max_num_queries(10) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)

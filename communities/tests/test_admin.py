import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Community, Membership, Role

pytestmark = pytest.mark.django_db


def _data(**extra):
    return {
        "name": "Mountain Water",
        "slug": "mountain-water",
        "tagline": "Water towers",
        "description": "Glaciers and **snow**.",
        "charter_html": "",
        "topics": "glaciers, snow hydrology",
        "visibility": "public",
        "join_policy": "open",
        "kind": "regular",
        "premoderate_first_posts": "0",
        "slow_mode_seconds": "0",
        "flags_to_hide": "3",
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "1000",
        "partners-0-name": "Mountain Research Initiative",
        "partners-0-url": "",
        "partners-0-role": "co-convenor",
        "partners-0-position": "0",
        **extra,
    }


def test_admin_creates_community_with_first_owner(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    owner = UserFactory()
    client.force_login(admin)
    add = reverse("admin:communities_community_add")
    page = client.get(add)
    assert page.status_code == 200 and b"first_owner" in page.content
    response = client.post(add, _data(first_owner=owner.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    community = Community.objects.get(slug="mountain-water")
    assert Membership.objects.get(community=community).user == owner
    assert Membership.objects.get(community=community).role == Role.OWNER
    assert community.member_count == 1
    assert "<strong>snow</strong>" in community.description_html
    assert community.partners.get().name == "Mountain Research Initiative"
    # Editing does not add owners again.
    change = reverse("admin:communities_community_change", args=[community.pk])
    assert client.get(change).status_code == 200
    response = client.post(change, _data(**{"partners-TOTAL_FORMS": "0", "name": "Mountain Water Towers"}))
    assert response.status_code == 302
    assert Membership.objects.filter(community=community).count() == 1


def test_admin_first_owner_defaults_to_the_staff_member(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.post(reverse("admin:communities_community_add"), _data())
    assert Membership.objects.get(community__slug="mountain-water").user == admin

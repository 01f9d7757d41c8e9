"""Who may use the site-level routes: home, about, contact, healthz, public avatars."""

import io

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from accounts.tests.images import upload


def clients(client, user, staff_user):
    """Anonymous, member, staff: the same client logged in as each in turn."""
    yield "anonymous", client
    client.force_login(user)
    yield "member", client
    client.force_login(staff_user)
    yield "staff", client


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "about", "contact"])
def test_site_pages_open_to_everyone(client, user, staff_user, name):
    for role, c in clients(client, user, staff_user):
        response = c.get(reverse(name))
        assert response.status_code == 200, role
        assert b'<main id="main"' in response.content


@pytest.mark.django_db
def test_home_shows_sign_up_only_to_anonymous(client, user):
    signup = reverse("account_signup").encode()
    assert signup in client.get(reverse("home")).content
    client.force_login(user)
    assert signup not in client.get(reverse("home")).content


@pytest.mark.django_db
def test_healthz_open_to_everyone(client, user, staff_user):
    for role, c in clients(client, user, staff_user):
        response = c.get(reverse("healthz"))
        assert (response.status_code, response.content) == (200, b"ok"), role


@pytest.mark.django_db
def test_favicon_is_an_icon_for_everyone(client, user, staff_user):
    from PIL import Image

    for role, c in clients(client, user, staff_user):
        response = c.get("/favicon.ico")
        assert response.status_code == 200 and response["Content-Type"] == "image/x-icon", role
        icon = Image.open(io.BytesIO(response.content))
        assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]


@pytest.mark.django_db
def test_media_avatar_public_but_confined_to_avatars(client, user, staff_user):
    owner = UserFactory()
    c = client
    c.force_login(owner)
    c.post(
        reverse("accounts:profile-edit"),
        {"display_name": "Owner", "timezone": "UTC", "avatar": upload()},
    )
    owner.refresh_from_db()
    assert owner.avatar
    c.logout()
    for role, c in clients(client, user, staff_user):
        response = c.get(owner.avatar.url)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "image/jpeg"
    # No path traversal out of the avatars folder.
    assert client.get("/media/avatars/../../hub/settings/base.py").status_code in (400, 404)
    assert client.get("/media/avatars/%2e%2e/%2e%2e/manage.py").status_code in (400, 404)
    assert client.get("/media/avatars/missing.jpg").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/members/bad%00name/", "/members/" + "x" * 5000 + "/", "/media/avatars/a%00b.jpg", "/contact/?x=%00"],
)
def test_hostile_paths_are_404_not_500(client, path):
    assert client.get(path).status_code in (200, 400, 404)

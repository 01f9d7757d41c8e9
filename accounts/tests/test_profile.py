import io
import os

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts.models import User
from accounts.tests.factories import UserFactory
from accounts.tests.images import image_bytes, upload

EDIT_URL = reverse("accounts:profile-edit")


def profile_data(**overrides):
    data = {
        "display_name": "Amina Diallo",
        "job_title": "Basin planner",
        "organisation": "Senegal River Basin Organisation",
        "sector": "international",
        "country": "SN",
        "expertise": "groundwater, transboundary water, Groundwater",
        "languages": "French, English, Wolof",
        "bio": "I work on **aquifer** sharing. <script>alert(1)</script> [site](javascript:alert(1))",
        "timezone": "Africa/Dakar",
        "allow_messages_from_anyone": "on",
    }
    data.update(overrides)
    return data


def snapshot(user):
    user = User.objects.get(pk=user.pk)
    return (
        user.display_name,
        user.organisation,
        user.bio,
        user.bio_html,
        user.avatar.name,
        sorted(t.name for t in user.expertise.all()),
    )


@pytest.fixture
def member_client(user):
    client = Client()
    client.force_login(user)
    return client


# --- access -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_edit_access_anonymous_member_staff(client, user, staff_user):
    response = client.get(EDIT_URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.post(EDIT_URL, profile_data()).status_code == 302
    for who in (user, staff_user):
        client.force_login(who)
        response = client.get(EDIT_URL)
        assert response.status_code == 200
        # Everybody edits only their own profile, staff included.
        assert response.context["member"].pk == who.pk


@pytest.mark.django_db
def test_profile_page_access_anonymous_member_staff(client, user, staff_user):
    other = UserFactory(display_name="Kofi Mensah", bio="Hello", email="kofi@example.org")
    url = reverse("accounts:profile", args=[other.username])
    for who in (None, user, staff_user):
        if who:
            client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200
        assert b"Kofi Mensah" in response.content
        assert b"kofi@example.org" not in response.content  # email is never public
    inactive = UserFactory(is_active=False)
    assert client.get(reverse("accounts:profile", args=[inactive.username])).status_code == 404
    assert client.get(reverse("accounts:profile", args=["nobody-here"])).status_code == 404


@pytest.mark.django_db
def test_user_card_follows_the_profile_rule(client, user, staff_user):
    other = UserFactory(display_name="Kofi Mensah", username="kofi2", organisation="Volta Basin Authority",
                        country="GH", email="kofi2@example.org")  # fmt: skip
    other.expertise.set(["groundwater"])
    url = reverse("accounts:user-card", args=[other.username])
    for who in (None, user, staff_user):
        if who:
            client.force_login(who)
        html = client.get(url).content.decode()
        assert "Kofi Mensah" in html and "@kofi2" in html and "Volta Basin Authority" in html and "Ghana" in html
        assert "groundwater" in html and other.get_absolute_url() in html
        assert "kofi2@example.org" not in html and "<html" not in html
        assert ("Send a message" in html) == (who is not None)
    inactive = UserFactory(is_active=False)
    assert client.get(reverse("accounts:user-card", args=[inactive.username])).status_code == 404
    assert client.get(reverse("accounts:user-card", args=["nobody-here"])).status_code == 404


@pytest.mark.django_db
def test_profile_page_shows_edit_link_only_to_owner(client, user):
    url = reverse("accounts:profile", args=[user.username])
    assert EDIT_URL.encode() not in client.get(url).content
    client.force_login(user)
    assert EDIT_URL.encode() in client.get(url).content


# --- editing ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_edit_saves_fields_tags_and_sanitised_bio(member_client, user):
    response = member_client.post(EDIT_URL, profile_data())
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Amina Diallo"
    assert user.country.code == "SN"
    assert user.timezone == "Africa/Dakar"
    assert user.allow_messages_from_anyone is True
    # "groundwater" and "Groundwater" are one topic.
    assert sorted(t.name.lower() for t in user.expertise.all()) == ["groundwater", "transboundary water"]
    assert "<strong>aquifer</strong>" in user.bio_html
    assert "<script" not in user.bio_html
    assert 'href="javascript' not in user.bio_html
    page = member_client.get(reverse("accounts:profile", args=[user.username]))
    assert b"<strong>aquifer</strong>" in page.content and b"transboundary water" in page.content


@pytest.mark.django_db
def test_profile_edit_form_shows_current_tags(member_client, user):
    user.expertise.set(["wetlands", "drought"])
    response = member_client.get(EDIT_URL)
    assert 'value="drought, wetlands"' in response.content.decode()


@pytest.mark.django_db
def test_profile_edit_requires_display_name_and_keeps_header_unchanged(member_client, user):
    before = snapshot(user)
    response = member_client.post(EDIT_URL, profile_data(display_name="", organisation="Changed Org"))
    assert response.status_code == 400
    assert snapshot(user) == before
    # The page header still shows the saved name, not the rejected input.
    assert response.context["user"].organisation == before[1]


@pytest.mark.django_db
def test_profile_edit_avatar_is_reencoded_without_metadata(member_client, user):
    response = member_client.post(
        EDIT_URL, profile_data(avatar=upload(size=(1200, 900), exif=True, name="holiday photo.jpg"))
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.avatar.name.startswith("avatars/") and user.avatar.name.endswith(".jpg")
    with user.avatar.open("rb") as f:
        stored = f.read()
    assert b"SecretCam" not in stored and b"GPS-leaking" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert max(image.size) == 512
        assert not image.getexif()
    # Served publicly through the media-avatar route.
    assert member_client.get(user.avatar.url).status_code == 200


@pytest.mark.django_db
def test_profile_edit_replacing_and_removing_avatar_deletes_old_file(
    member_client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT_URL, profile_data(avatar=upload()))
    user.refresh_from_db()
    first = user.avatar.path
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT_URL, profile_data(avatar=upload(fmt="PNG", name="a.png", content_type="image/png")))
    user.refresh_from_db()
    assert not os.path.exists(first) and os.path.exists(user.avatar.path)
    second = user.avatar.path
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT_URL, profile_data(remove_avatar="on"))
    user.refresh_from_db()
    assert not user.avatar and not os.path.exists(second)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_upload", "message"),
    [
        (lambda: upload(name="big.jpg", content=b"\xff\xd8\xff" + os.urandom(10 * 1024 * 1024)), "limit is 2 MB"),
        (
            lambda: upload(name="notes.png", content=b"Meeting notes, not an image.\n" * 50, content_type="image/png"),
            "not an image",
        ),
        (
            lambda: upload(name="wide.png", content=image_bytes(size=(4001, 20), fmt="PNG"), content_type="image/png"),
            "4000",
        ),
        (lambda: upload(name="truncated.jpg", content=image_bytes(size=(300, 300))[:400]), "image"),
    ],
    ids=["10MB", "text-renamed-png", "over-4000px", "truncated-jpeg"],
)
def test_profile_edit_bad_avatar_gives_clear_error_and_saves_nothing(member_client, user, make_upload, message):
    before = snapshot(user)
    files_before = (
        set(os.listdir(User._meta.get_field("avatar").storage.location))
        if os.path.isdir(User._meta.get_field("avatar").storage.location)
        else set()
    )
    response = member_client.post(EDIT_URL, profile_data(display_name="Changed Name", avatar=make_upload()))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["avatar"])
    assert message in errors
    assert message.encode() in response.content
    assert snapshot(user) == before
    location = User._meta.get_field("avatar").storage.location
    files_after = set(os.listdir(location)) if os.path.isdir(location) else set()
    assert files_after == files_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field",
    ["display_name", "job_title", "organisation", "languages", "bio", "expertise", "country", "timezone", "sector"],
)
@pytest.mark.parametrize("value", ["bad\x00value", "x" * 100_000], ids=["nul", "100k"])
def test_profile_edit_nul_or_huge_value_is_a_form_error(member_client, user, field, value):
    before = snapshot(user)
    response = member_client.post(EDIT_URL, profile_data(**{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert snapshot(user) == before


@pytest.mark.django_db
def test_profile_edit_too_many_or_too_long_tags(member_client, user):
    many = ", ".join(f"topic {i}" for i in range(20))
    assert member_client.post(EDIT_URL, profile_data(expertise=many)).status_code == 400
    long = "a" * 60
    assert member_client.post(EDIT_URL, profile_data(expertise=long)).status_code == 400
    assert user.expertise.count() == 0


@pytest.mark.django_db
def test_profile_edit_refused_without_csrf_token(csrf_client, user):
    csrf_client.force_login(user)
    before = snapshot(user)
    response = csrf_client.post(EDIT_URL, profile_data(display_name="Forged"))
    assert response.status_code == 403
    assert snapshot(user) == before
    # With the token from the page it works.
    csrf_client.get(EDIT_URL)
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(EDIT_URL, profile_data(display_name="Real", csrfmiddlewaretoken=token))
    assert response.status_code == 302


@pytest.mark.django_db
def test_profile_update_service_refuses_other_members():
    from django.core.exceptions import PermissionDenied

    from accounts.services import profile_update

    a, b = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        profile_update(actor=a, user=b, display_name="Hijacked")


@pytest.mark.django_db
def test_profile_sections_from_other_apps_render_per_viewer(client, user):
    from accounts import profile_sections

    member = UserFactory()

    def private_note(*, member, viewer, request):
        return "<p>visible to members</p>" if viewer.is_authenticated else None

    def broken(*, member, viewer, request):
        raise RuntimeError("boom")

    profile_sections.register("test.note", private_note, order=1)
    profile_sections.register("test.broken", broken, order=2)
    try:
        url = member.get_absolute_url()
        assert b"visible to members" not in client.get(url).content
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and b"visible to members" in response.content
    finally:
        profile_sections.unregister("test.note")
        profile_sections.unregister("test.broken")


@pytest.mark.django_db
def test_profile_offers_a_private_message_to_other_members_only(client, user):
    member = UserFactory()
    url = member.get_absolute_url()
    assert b"Send a message" not in client.get(url).content
    client.force_login(user)
    assert b"Send a message" in client.get(url).content
    assert b"Send a message" not in client.get(user.get_absolute_url()).content


@pytest.mark.django_db
def test_admin_bio_edit_refreshes_rendered_html(client, staff_user):
    member = UserFactory()
    client.force_login(staff_user)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update(
        {
            "email": member.email,
            "username": member.username,
            "display_name": "Member",
            "bio": "Works on **wetlands**.",
            "timezone": "UTC",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "is_active": "on",
            "expertise": "",
        }
    )
    data.pop("password", None)
    data.pop("last_login", None)
    data.pop("avatar", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert "<strong>wetlands</strong>" in member.bio_html

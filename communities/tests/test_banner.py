"""A community's optional banner: uploaded in settings, checked and re-encoded like avatars,
shown on the community's header and cards; bad files get a clear 400 and change nothing."""

import io
import os

import pytest
from django.urls import reverse
from PIL import Image

from accounts.tests.images import upload
from communities.models import Community
from communities.tests.conftest import build_world

pytestmark = pytest.mark.django_db


def settings_data(community, **overrides):
    data = {
        "name": community.name,
        "tagline": community.tagline,
        "description": community.description,
        "topics": "",
        "visibility": community.visibility,
        "join_policy": community.join_policy,
        "premoderate_first_posts": "0",
        "slow_mode_seconds": "0",
        "flags_to_hide": "3",
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "20",
    }
    data.update(overrides)
    return data


def test_owner_uploads_replaces_and_removes_a_banner(django_capture_on_commit_callbacks):
    world = build_world(visibility="public")
    community = world.community
    url = reverse("communities:settings", kwargs={"slug": community.slug})
    owner = world.client("owner")
    assert 'enctype="multipart/form-data"' in owner.get(url).content.decode()

    wide = upload(size=(3000, 1000), exif=True, name="basin at dawn.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(url, settings_data(community, banner=wide))
    assert response.status_code == 302, response.content.decode()[:2000]
    community.refresh_from_db()
    assert community.banner.name.startswith("avatars/communities/") and community.banner.name.endswith(".jpg")
    with community.banner.open("rb") as f:
        stored = f.read()
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (1600, 533)  # the shape is kept, the longest side capped
    first = community.banner.path

    # Shown on the header (community page) and on the directory card; served like avatars.
    page = world.client("member").get(community.get_absolute_url()).content.decode()
    assert f'src="{community.banner.url}"' in page and 'class="hub-banner' in page
    directory = world.client("member").get(reverse("communities:directory")).content.decode()
    assert f'src="{community.banner.url}"' in directory
    assert owner.get(community.banner.url).status_code == 200

    # Saving other settings keeps the banner; a new one replaces (and deletes) the old file.
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(url, settings_data(community, tagline="Shared basins"))
    community.refresh_from_db()
    assert community.banner.path == first
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(url, settings_data(community, banner=upload(fmt="PNG", name="b.png", content_type="image/png")))
    community.refresh_from_db()
    assert community.banner.path != first and not os.path.exists(first)
    second = community.banner.path
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(url, settings_data(community, remove_banner="on"))
    community.refresh_from_db()
    assert not community.banner and not os.path.exists(second)
    # Without a banner the header and card show the community's initials.
    page = world.client("member").get(community.get_absolute_url()).content.decode()
    assert f">{community.initials}</span>" in page


@pytest.mark.parametrize(
    ("make_upload", "message"),
    [
        (lambda: upload(name="big.jpg", content=b"\xff\xd8\xff" + os.urandom(3 * 1024 * 1024)), "limit is 2 MB"),
        (lambda: upload(name="notes.png", content=b"Not an image.\n" * 50, content_type="image/png"), "not an image"),
        (lambda: upload(name="huge.png", size=(4100, 10), fmt="PNG", content_type="image/png"), "4000×4000"),
    ],
)
def test_bad_banner_is_refused_with_a_clear_message(make_upload, message):
    world = build_world(visibility="public")
    community = world.community
    url = reverse("communities:settings", kwargs={"slug": community.slug})
    response = world.client("owner").post(url, settings_data(community, tagline="Changed", banner=make_upload()))
    assert response.status_code == 400
    assert message in response.content.decode()
    saved = Community.objects.get(pk=community.pk)
    assert not saved.banner and saved.tagline != "Changed"


def test_only_settings_managers_may_change_the_banner():
    world = build_world(visibility="public")
    url = reverse("communities:settings", kwargs={"slug": world.community.slug})
    response = world.client("member").post(url, settings_data(world.community, banner=upload()))
    assert response.status_code in (403, 404)
    assert not Community.objects.get(pk=world.community.pk).banner


def test_initials_come_from_the_first_two_words():
    assert Community(name="Groundwater Management Network").initials == "GM"
    assert Community(name="wash").initials == "W"
    assert Community(name="— ·").initials == "?"

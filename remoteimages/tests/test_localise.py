"""From a saved post, bio or message to a copy served by the hub, and what readers see meanwhile."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from accounts.services import profile_update
from accounts.tests.factories import UserFactory
from discussions import services as posts
from messaging import services as messages
from messaging.tests.factories import neighbours
from remoteimages import services
from remoteimages.guard import Policy
from remoteimages.models import RemoteImage, RemoteImageStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def fetching(settings, monkeypatch):
    """Copies on, as in production; ``relax()`` admits the loopback test server (tests only)."""
    settings.REMOTE_IMAGES_ENABLED = True

    class Switch:
        @staticmethod
        def relax():
            monkeypatch.setattr(services, "policy", Policy(allow_loopback=True))

    return Switch


@pytest.fixture
def thread(db):
    from communities.models import Role
    from communities.tests.factories import CommunityFactory, add_member

    community = CommunityFactory()
    author = UserFactory()
    add_member(author, community, role=Role.MODERATOR)
    return posts.thread_create(author=author, community=community, title="Gauges", body="Opening post"), author


def _src(html):
    start = html.index('<img src="') + len('<img src="')
    return html[start : html.index('"', start)]


def test_post_image_is_copied_and_shown_from_the_hub(
    client, image_server, fetching, thread, django_capture_on_commit_callbacks
):
    fetching.relax()
    thread, author = thread
    url = image_server.url("/photo.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        post = posts.post_create(author=author, thread=thread, body=f"Our gauge: ![gauge photo]({url})")
    assert 'class="remote-image"' in post.body_html  # as saved: a link, until the task swapped in the copy
    post.refresh_from_db()
    assert '<img src="/media/remote-images/' in post.body_html and 'alt="gauge photo"' in post.body_html
    assert url not in post.body_html
    copy = RemoteImage.objects.get()
    assert copy.status == RemoteImageStatus.STORED and copy.content_type == "image/jpeg"
    response = client.get(_src(post.body_html))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert not image.getexif()
    # The thread page shows the copy and loads nothing from the other host.
    page = client.get(post.get_absolute_url(), follow=True).content.decode()
    assert _src(post.body_html) in page and f"127.0.0.1:{image_server.port}" not in page
    # A second post with the same image reuses the copy (one request to the remote host).
    with django_capture_on_commit_callbacks(execute=True):
        again = posts.post_create(author=author, thread=thread, body=f"![same]({url})")
    again.refresh_from_db()
    assert _src(again.body_html) == _src(post.body_html)
    assert [path for path, _host in image_server.hits] == ["/photo.jpg"]


def test_refused_fetch_leaves_a_link_and_never_fails_the_write(
    client, image_server, fetching, thread, django_capture_on_commit_callbacks
):
    thread, author = thread
    url = image_server.url("/photo.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        post = posts.post_create(author=author, thread=thread, body=f"![pixel]({url})")
    post.refresh_from_db()
    assert "<img" not in post.body_html
    assert f'<a href="{url}" class="remote-image"' in post.body_html and ">pixel</a>" in post.body_html
    failed = RemoteImage.objects.get()
    assert failed.status == RemoteImageStatus.FAILED and "refused" in failed.error
    assert image_server.hits == []


def test_broker_outage_never_fails_the_write(fetching, thread, monkeypatch, django_capture_on_commit_callbacks):
    from remoteimages import tasks

    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.remote_images_localise_task, "delay", down)
    thread, author = thread
    with django_capture_on_commit_callbacks(execute=True):
        post = posts.post_create(author=author, thread=thread, body="![x](https://images.example/x.png)")
    assert post.pk and 'class="remote-image"' in post.body_html


def test_private_message_never_loads_a_remote_image(client, image_server, fetching, django_capture_on_commit_callbacks):
    sender, reader = neighbours()
    url = image_server.url("/photo.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        conversation = messages.conversation_start(
            sender=sender, recipients=[reader], body=f"Hi ![read receipt]({url})"
        )
    client.force_login(reader)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert f'src="{url}"' not in page and f'<a href="{url}" class="remote-image"' in page
    assert image_server.hits == []  # refused: the copy is never made from a private address
    assert RemoteImage.objects.get().status == RemoteImageStatus.FAILED

    fetching.relax()
    image_server.add("/photo.jpg?v=2", image_server.routes["/photo.jpg"][2], Content_Type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        messages.message_send(sender=sender, conversation=conversation, body=f"Again ![chart]({url}?v=2)")
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert 'src="/media/remote-images/' in page and f'src="{url}"' not in page


def test_bio_image_is_copied(image_server, fetching, django_capture_on_commit_callbacks):
    fetching.relax()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(actor=user, user=user, bio=f"![me]({image_server.url('/photo.jpg')})")
    user.refresh_from_db()
    assert user.bio_html.startswith('<p><img src="/media/remote-images/')


def test_copies_are_public_and_served_only_when_stored(client):
    from django.core.files.base import ContentFile

    from remoteimages.tests.conftest import jpeg_with_exif

    stored = RemoteImage(url="https://x.example/b.jpg", url_hash="b" * 64, status=RemoteImageStatus.STORED)
    stored.content_type = "image/jpeg"
    stored.file.save("b.jpg", ContentFile(jpeg_with_exif()), save=True)
    url = stored.local_url
    assert url.startswith("/media/remote-images/")
    assert client.get(url).status_code == 200  # anonymous
    client.force_login(UserFactory())
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    RemoteImage.objects.create(url="https://x.example/a.png", url_hash="a" * 64, file="remote-images/abc.png")
    assert client.get(reverse("remoteimages:copy", args=["abc.png"])).status_code == 404  # not stored
    assert client.get(reverse("remoteimages:copy", args=["nothing.png"])).status_code == 404


def test_relink_command_turns_old_remote_img_into_links(thread):
    from django.core.management import call_command

    thread, author = thread
    post = thread.posts.get()
    post.body_html = '<p>Old <img src="https://img.example/old.png" alt="old"></p>'
    post.save(update_fields=["body_html"])
    call_command("remote_images_relink")
    post.refresh_from_db()
    assert "<img" not in post.body_html and 'href="https://img.example/old.png" class="remote-image"' in post.body_html

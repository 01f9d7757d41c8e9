import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from discussions import attachments, services
from discussions.models import Attachment, Post
from discussions.services import PostingError
from uploads.tests import files

pytestmark = pytest.mark.django_db


def download_url(attachment, thumb=False):
    url = reverse(
        "discussions:attachment-download",
        kwargs={
            "community": attachment.post.thread.community.slug,
            "pk": attachment.pk,
            "name": attachment.original_name,
        },
    )
    return url + ("?thumb=1" if thumb else "")


@pytest.mark.parametrize(
    ("make", "content_type", "is_image"),
    [
        (files.png, "image/png", True),
        (files.pdf, "application/pdf", False),
        (files.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False),
        (files.odt, "application/vnd.oasis.opendocument.text", False),
    ],
)
def test_accepted_files_are_typed_by_content(thread, moderator, make, content_type, is_image):
    post = services.post_create(author=moderator, thread=thread, body="See attached", attachments=[make()])
    attachment = post.attachments.get()
    assert attachment.content_type == content_type and attachment.is_image is is_image
    stored_name = attachment.file.name.rsplit("/", 1)[-1]
    assert attachment.original_name not in stored_name  # random storage name
    assert bool(attachment.thumbnail) is is_image


@pytest.mark.parametrize("make", [files.html_as_png, files.exe_as_pdf, files.plain_zip, files.truncated_png])
def test_disguised_or_broken_files_are_refused_and_nothing_is_saved(thread, moderator, make):
    with pytest.raises(PostingError) as info:
        services.post_create(author=moderator, thread=thread, body="See attached", attachments=[files.pdf(), make()])
    assert info.value.field == "attachments"
    assert Post.objects.filter(thread=thread).count() == 1 and not Attachment.objects.exists()


def test_at_most_five_files_and_ten_megabytes(thread, moderator):
    with pytest.raises(PostingError, match="At most 5"):
        services.post_create(author=moderator, thread=thread, body="x", attachments=[files.pdf() for _ in range(6)])
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * attachments.MAX_SIZE, content_type="application/pdf")
    with pytest.raises(PostingError, match="10 MB"):
        services.post_create(author=moderator, thread=thread, body="x", attachments=[big])
    assert not Attachment.objects.exists()


def test_thumbnail_is_resized(thread, moderator):
    post = services.post_create(author=moderator, thread=thread, body="x", attachments=[files.png(size=(3000, 2000))])
    from PIL import Image

    with Image.open(post.attachments.get().thumbnail.open("rb")) as image:
        assert max(image.size) <= 800


def test_download_checks_permission_and_sets_headers(client, world):
    w = world(visibility="private")
    thread = services.thread_create(
        author=w.user("member"), community=w.community, title="Field report", body="Attached", attachments=[files.pdf()]
    )
    attachment = thread.posts.get().attachments.get()
    url = download_url(attachment)
    response = w.client("member").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "report.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for role in ("anonymous", "nonmember", "pending", "banned"):
        assert w.client(role).get(url).status_code == 404, role
    # A forged id or a file of another community is a 404 like a missing one.
    assert w.client("member").get(url.replace(f"/{attachment.pk}/", "/999999/")).status_code == 404


def test_image_is_served_inline_with_thumbnail(client, thread, moderator):
    post = services.post_create(author=moderator, thread=thread, body="x", attachments=[files.png()])
    attachment = post.attachments.get()
    response = client.get(download_url(attachment, thumb=True))
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/jpeg", "image/png")
    assert response["Content-Disposition"].startswith("inline")


def test_attachment_of_deleted_or_pending_post_hidden_from_others(client, thread, community, make_member, moderator):
    from communities.models import Community

    Community.objects.filter(pk=community.pk).update(premoderate_first_posts=1)
    thread.community.refresh_from_db()
    author = make_member(community)
    post = services.post_create(author=author, thread=thread, body="x", attachments=[files.pdf()])
    assert post.status == "pending"
    url = download_url(post.attachments.get())
    assert client.get(url).status_code == 404
    client.force_login(author)
    assert client.get(url).status_code == 200
    client.force_login(moderator)
    assert client.get(url).status_code == 200


def test_photo_metadata_is_removed(thread, moderator):
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (1.0, 17.0, 0.0)}  # GPS info
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 100, 50)).save(out, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")
    post = services.post_create(author=moderator, thread=thread, body="Field photo", attachments=[upload])
    with Image.open(post.attachments.get().file.open("rb")) as stored:
        assert not stored.getexif()
        assert stored.size == (400, 300)

"""Every app that keeps uploads stores photos without EXIF metadata and serves files sandboxed."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.tests.factories import UserFactory


def _photo():
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (3.0, 22.0, 0.0)}  # GPS position of a borehole
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 60)).save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("borehole.jpg", out.getvalue(), content_type="image/jpeg")


def _has_exif(field):
    with field.open("rb") as handle, Image.open(handle) as image:
        return bool(image.getexif())


def test_messaging_event_and_case_study_photos_lose_their_metadata(db, client):
    from communities.models import Membership
    from communities.tests.factories import CommunityFactory
    from events.services import material_add
    from events.tests.factories import EventFactory
    from knowledge.services import case_study_create
    from messaging.services import conversation_start

    staff = UserFactory(is_staff=True)
    other = UserFactory()
    community = CommunityFactory()
    Membership.objects.create(user=other, community=community, role="member", status="active")
    event = EventFactory(community=community)
    material = material_add(actor=staff, event=event, title="Site photo", upload=_photo())
    assert material.content_type == "image/jpeg" and not _has_exif(material.file)
    case = case_study_create(author=staff, data={"title": "Borehole rehabilitation"}, attachments=[_photo()])
    attachment = case.attachments.get()
    assert attachment.is_image and not _has_exif(attachment.file)
    conversation = conversation_start(
        sender=staff, recipients=[other], subject="Photo", body="From the field", attachments=[_photo()]
    )
    message_file = conversation.messages.get().attachments.get()
    assert message_file.is_image and not _has_exif(message_file.file)
    # Downloads: the same protective headers in every app.
    client.force_login(staff)
    for url in (
        reverse("events:material", args=[event.pk, material.pk]),
        reverse("knowledge:case-attachment", args=[case.pk, attachment.pk]),
        reverse("messaging:attachment", args=[conversation.pk, message_file.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]

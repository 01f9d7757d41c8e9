"""A small world with one member's data everywhere, and other members' private content."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import UserFactory
from communities.models import Role
from communities.tests.factories import add_member, make_community
from notifications.models import NotificationPreference


def png_bytes(color=(10, 120, 200)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def private_media(settings, tmp_path):
    """A media folder of this test's own, so a scan of it sees only this test's files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db, private_media):
    from discussions.services.posts import post_create, thread_create
    from events.models import RSVP
    from events.tests.factories import EventFactory
    from knowledge.tests.factories import CaseStudyFactory
    from messaging.services import conversation_start, message_send

    alice = UserFactory(username="zephyrine", email="zephyrine.quist@example.net", display_name="Zephyrine Quist")
    alice.avatar.save("zephyrine.png", SimpleUploadedFile("zephyrine.png", png_bytes()), save=True)
    bob = UserFactory(username="bartholo", email="bartholo@example.org", display_name="Bartholo Mensah")
    carol = UserFactory(username="carolyn", email="carolyn@example.org", display_name="Carolyn Osei")
    owner = UserFactory(username="owner1", display_name="Olu Owner")
    public = make_community(visibility="public")
    private = make_community(visibility="private")
    for person in (alice, bob, carol):
        add_member(person, public)
    add_member(owner, public, role=Role.OWNER)
    add_member(owner, private, role=Role.OWNER)
    add_member(bob, private)
    add_member(carol, private)

    thread = thread_create(
        author=alice, community=public, title="Aquifer recharge pilots", body="Alice opening text MARKER-ALICE-OPEN"
    )
    reply = post_create(author=bob, thread=thread, body="Bob answers @zephyrine about recharge")
    post_create(author=alice, thread=thread, body="Alice second post MARKER-ALICE-REPLY")
    private_thread = thread_create(
        author=bob, community=private, title="Private budget talk", body="PRIVATE-BOB-SECRET"
    )
    conversation = conversation_start(sender=bob, recipients=[alice], body="Bob writes to Alice MARKER-DM-IN")
    message_send(
        sender=alice,
        conversation=conversation,
        body="Alice replies MARKER-DM-OUT",
        attachments=[SimpleUploadedFile("plan.png", png_bytes((200, 30, 30)), content_type="image/png")],
    )
    conversation_start(sender=bob, recipients=[carol], body="PRIVATE-BOB-TO-CAROL")
    event = EventFactory(community=public)
    RSVP.objects.create(event=event, user=alice)
    case = CaseStudyFactory(author=alice, title="Recharge in the Sahel MARKER-CASE")
    NotificationPreference.objects.create(user=alice, kind="reply", channel="email")
    NotificationPreference.objects.create(user=bob, kind="mention", channel="off")
    return SimpleNamespace(
        alice=alice, bob=bob, carol=carol, owner=owner, public=public, private=private, thread=thread,
        reply=reply, private_thread=private_thread, conversation=conversation, event=event, case=case,
    )  # fmt: skip

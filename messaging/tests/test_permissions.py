"""Routes of private messaging by role: anonymous, outsider, participant, blocked, staff."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory
from messaging import services
from messaging.models import MessageAttachment, MessageReport
from messaging.tests.factories import neighbours

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "participant", "left", "staff"]


@pytest.fixture
def setup():
    a, b, c = neighbours(3)
    conversation = services.conversation_start(sender=a, recipients=[b, c], subject="Allocation data", body="Hi")
    services.conversation_leave(user=c, conversation=conversation)
    message = conversation.messages.get()
    attachment = MessageAttachment.objects.create(
        message=message, file=SimpleUploadedFile("d.pdf", b"%PDF-1.4"), original_name="d.pdf",
        content_type="application/pdf", size=8,
    )  # fmt: skip
    return {"author": a, "participant": b, "left": c, "conversation": conversation, "message": message,
            "attachment": attachment}  # fmt: skip


def _login(client, role, setup):
    if role == "anonymous":
        return None
    user = {"outsider": UserFactory(), "staff": UserFactory(is_staff=True)}.get(role) or setup[role]
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", ROLES)
def test_conversation_routes_by_role(client, role, setup):
    _login(client, role, setup)
    conversation, message = setup["conversation"], setup["message"]
    allowed = role == "participant"
    expect = 302 if role == "anonymous" else (200 if allowed else 404)
    assert client.get(reverse("messaging:detail", args=[conversation.pk])).status_code == expect
    attachment = reverse("messaging:attachment", args=[conversation.pk, setup["attachment"].pk])
    assert client.get(attachment).status_code == expect
    assert client.get(reverse("messaging:report", args=[message.pk])).status_code == expect
    posted = 302 if role == "anonymous" else (204 if allowed else 404)
    assert client.post(reverse("messaging:read", args=[conversation.pk])).status_code == posted
    send = client.post(reverse("messaging:send", args=[conversation.pk]), {"body": "From " + role})
    assert send.status_code == (302 if role == "anonymous" or allowed else 404)
    assert conversation.messages.filter(body="From " + role).exists() == allowed
    add = client.post(reverse("messaging:add", args=[conversation.pk]), {"recipients": "@nobody"})
    # "@nobody" is no member: participants get the page back with the error (400).
    assert add.status_code == (302 if role == "anonymous" else (400 if allowed else 404))
    inbox = client.get(reverse("messaging:inbox"))
    assert inbox.status_code == (302 if role == "anonymous" else 200)
    assert ("Allocation data" in inbox.content.decode()) == allowed
    leave = client.post(reverse("messaging:leave", args=[conversation.pk]))
    assert leave.status_code == (302 if role == "anonymous" or allowed else 404)


@pytest.mark.parametrize("role", ROLES)
def test_new_blocks_and_reports_pages_by_role(client, role, setup):
    user = _login(client, role, setup)
    login_or = 302 if role == "anonymous" else 200
    assert client.get(reverse("messaging:new")).status_code == login_or
    assert client.get(reverse("messaging:blocks")).status_code == login_or
    target = setup["author"].username
    block = client.post(reverse("messaging:block", args=[target]))
    assert block.status_code == 302
    unblock = client.post(reverse("messaging:unblock", args=[target]))
    assert unblock.status_code == 302
    staff_only = {"anonymous": 302, "staff": 200}.get(role, 403)
    assert client.get(reverse("messaging:reports")).status_code == staff_only
    report = MessageReport.objects.create(message=setup["message"], reporter=setup["participant"], reason="Spam")
    resolve = client.post(reverse("messaging:report-resolve", args=[report.pk]), {"resolution": "ok"})
    assert resolve.status_code == {"anonymous": 302, "staff": 302}.get(role, 403)
    report.refresh_from_db()
    assert (report.resolved_at is not None) == (role == "staff")
    if role == "staff":
        page = client.get(reverse("messaging:reports") + "?resolved=1").content.decode()
        assert "Spam" in page and "Hi" in page
    del user

import io
import json
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from outbox.models import EmailDelivery
from privacy import exporters
from privacy.models import DataExport, ExportStatus
from privacy.services import export as export_services


def _zip(export) -> zipfile.ZipFile:
    export.refresh_from_db()
    with export.file.open("rb") as fh:
        return zipfile.ZipFile(io.BytesIO(fh.read()))


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    """Request an export and run what the request schedules after commit (the Celery job)."""

    def run(user):
        with django_capture_on_commit_callbacks(execute=True):
            export = export_services.export_request(user=user)
        export.refresh_from_db()
        return export

    return run


def _link_path(delivery) -> str:
    start = delivery.body_text.index("http")
    return urlsplit(delivery.body_text[start:].split()[0]).path


# --- every relation to the user is exported, or excluded with a reason ----------------------


def test_export_covers_every_relation_to_the_user_model():
    """A new model pointing at members must be exported (privacy.exporters.SECTIONS) or
    excluded with a written reason (EXCLUDED)."""
    covered = {(s.model, s.user_field) for s in exporters.installed_sections()} | set(exporters.EXCLUDED)
    missing = sorted(exporters.user_relations() - covered)
    assert not missing, f"relations to the user without export support: {missing}"


def test_export_walks_related_objects_and_reverse_relations():
    User = get_user_model()
    covered = {(s.model, s.user_field) for s in exporters.installed_sections()} | set(exporters.EXCLUDED)
    for rel in User._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and rel.related_model is not None:
            model = rel.related_model
            if model._meta.auto_created:  # a many-to-many through table: checked as its field
                continue
            assert (model._meta.label, rel.field.name) in covered, rel
    for rel in User._meta.related_objects:
        assert (rel.related_model._meta.label, rel.field.name) in covered or rel.related_model._meta.auto_created


def test_export_handles_the_users_own_many_to_many_and_generic_relations():
    from django.apps import apps
    from django.contrib.contenttypes.fields import GenericForeignKey

    User = get_user_model()
    profile_many = {"expertise"}  # exported in profile.json
    for f in User._meta.get_fields():
        if f.many_to_many and not f.auto_created:
            assert f.name in profile_many or (User._meta.label, f.name) in exporters.EXCLUDED, f.name
    for model in apps.get_models():
        for f in model._meta.private_fields:
            if isinstance(f, GenericForeignKey):
                assert model._meta.label in exporters.GENERIC, f"{model._meta.label}.{f.name} may point at a member"


def test_export_excluded_and_sections_name_real_relations():
    relations = exporters.user_relations() | {("accounts.User", "groups"), ("accounts.User", "user_permissions")}
    assert set(exporters.EXCLUDED) <= relations
    for section in exporters.installed_sections():
        assert (section.model, section.user_field) in relations, section


# --- content -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_zip_contains_the_members_data_and_files(world, build):
    export = build(world.alice)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY  # eager Celery in tests
    archive = _zip(export)
    names = set(archive.namelist())
    for required in (
        "profile.json", "memberships.json", "threads.json", "posts.json", "reactions.json", "messages_sent.json",
        "messages_received.json", "event_rsvps.json", "case_studies.json", "notification_settings.json", "index.json",
    ):  # fmt: skip
        assert required in names
    profile = json.loads(archive.read("profile.json"))
    assert profile["email"] == "zephyrine.quist@example.net"
    assert "password" not in profile
    posts = json.loads(archive.read("posts.json"))
    bodies = " ".join(p["body"] for p in posts)
    assert "MARKER-ALICE-OPEN" in bodies and "MARKER-ALICE-REPLY" in bodies
    assert all("idempotency_key" not in p for p in posts)
    sent = json.loads(archive.read("messages_sent.json"))
    received = json.loads(archive.read("messages_received.json"))
    assert [m["body"] for m in sent] == ["Alice replies MARKER-DM-OUT"]
    assert [m["body"] for m in received] == ["Bob writes to Alice MARKER-DM-IN"]
    assert received[0]["from"] == "Bartholo Mensah"
    assert json.loads(archive.read("event_rsvps.json"))[0]["event_id"] == world.event.pk
    assert "MARKER-CASE" in json.loads(archive.read("case_studies.json"))[0]["title"]
    assert json.loads(archive.read("notification_settings.json")) == [{"kind": "reply", "channel": "email"}]
    files = [n for n in names if n.startswith("files/")]
    assert any(n.startswith("files/avatar/") for n in files)
    attachment = [n for n in files if n.startswith("files/message_attachments/")]
    assert len(attachment) == 1 and archive.read(attachment[0]).startswith(b"\x89PNG")
    index = json.loads(archive.read("index.json"))
    assert index["sections"]["posts"] == 2


@pytest.mark.django_db
def test_export_contains_no_other_members_private_content(world, build):
    export = build(world.alice)
    archive = _zip(export)
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
    for secret in ("PRIVATE-BOB-SECRET", "PRIVATE-BOB-TO-CAROL", "Private budget talk"):
        assert secret not in everything
    # Other people's addresses and settings are not in it.
    for address in ("bartholo@example.org", "carolyn@example.org"):
        assert address not in everything
    settings_rows = json.loads(archive.read("notification_settings.json"))
    assert {"kind": "mention", "channel": "off"} not in settings_rows
    memberships = json.loads(archive.read("memberships.json"))
    assert {m["community_id"] for m in memberships} == {world.public.pk}
    assert all(m["user_id"] == world.alice.pk for m in memberships)


# --- one at a time, mail through the outbox, download by the owner only ---------------------


@pytest.mark.django_db
def test_export_request_one_at_a_time(user, monkeypatch):
    monkeypatch.setattr(export_services, "task_on_commit", lambda *args: None)  # the export stays pending
    export_services.export_request(user=user)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        export_services.export_request(user=user)
    assert DataExport.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_export_page_refuses_a_second_export_with_a_clear_message(client, user, monkeypatch):
    monkeypatch.setattr(export_services, "task_on_commit", lambda *args: None)  # the export stays pending
    client.force_login(user)
    assert client.post(reverse("privacy:export-request")).status_code == 302
    response = client.post(reverse("privacy:export-request"))
    assert response.status_code == 409
    assert "already being prepared" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_export_is_mailed_through_the_outbox_and_downloads_for_its_owner(client, world):
    client.force_login(world.alice)
    assert client.post(reverse("privacy:export-request")).status_code == 302
    delivery = EmailDelivery.objects.get(recipient=world.alice, kind="privacy_export")
    assert delivery.status == "sent"
    sent = [m for m in mail.outbox if m.subject == delivery.subject]
    assert len(sent) == 1 and sent[0].to == ["zephyrine.quist@example.net"]
    path = _link_path(delivery)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"
    client.logout()
    assert client.get(path).url.startswith(reverse("account_login"))
    for other in (world.bob, UserFactory(is_staff=True, is_superuser=True)):
        client.force_login(other)
        assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_export_link_tampered_or_expired_gets_a_clear_page(client, world, build):
    export = build(world.alice)
    client.force_login(world.alice)
    token = export_services.export_token(export)
    tampered = client.get(reverse("privacy:export-download", kwargs={"token": token[:-3] + "abc"}))
    assert tampered.status_code == 400
    assert "incomplete or was changed" in tampered.content.decode()
    assert client.get(reverse("privacy:export-download", kwargs={"token": "garbage"})).status_code == 400
    import time_machine

    with time_machine.travel(timezone.now() + timedelta(days=export_services.EXPORT_DAYS + 1)):
        expired = client.get(reverse("privacy:export-download", kwargs={"token": token}))
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("privacy:export-download", kwargs={"token": token})).status_code == 410


@pytest.mark.django_db
def test_export_sweep_deletes_expired_files(world, build):
    from django.core.files.storage import default_storage

    export = build(world.alice)
    export.refresh_from_db()
    name = export.file.name
    assert default_storage.exists(name)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert export_services.export_expire_due() == 1
    assert not default_storage.exists(name)
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and not export.file


@pytest.mark.django_db
def test_export_build_failure_marks_the_export_failed(user, monkeypatch, build):
    def boom(u):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_services, "export_archive", boom)
    export = build(user)
    assert export.status == ExportStatus.FAILED
    assert "disk full" in export.error
    build(user)  # a failed one does not block the next


@pytest.mark.django_db
def test_export_requests_are_rate_limited(client, user, monkeypatch):
    monkeypatch.setattr(export_services, "task_on_commit", lambda *args: None)  # the export stays pending
    client.force_login(user)
    for _ in range(5):
        assert client.post(reverse("privacy:export-request")).status_code in (302, 409)
    response = client.post(reverse("privacy:export-request"))
    assert response.status_code == 429
    assert "try again tomorrow" in response.content.decode()

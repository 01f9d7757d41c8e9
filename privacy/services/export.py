"""Data export (GDPR art. 20): request, build the ZIP (Celery), mail the link, serve it."""

import io
import json
import logging
import os
import secrets
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import FileField, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.effects import task_on_commit
from hub.i18n import deferred
from messaging.models import Message, MessageAttachment, Participant
from outbox.services import email_queue, link
from privacy import exporters
from privacy.models import IN_PROGRESS, DataExport, ExportStatus

logger = logging.getLogger(__name__)

EXPORT_SALT = "privacy.export"
EXPORT_DAYS = 7
FORMAT_VERSION = 1


# --- links -----------------------------------------------------------------------------------


def export_token(export: DataExport) -> str:
    return signing.dumps({"e": export.pk, "u": export.user_id}, salt=EXPORT_SALT, compress=True)


class ExportLinkError(Exception):
    """A download link that cannot be used; ``reason`` is "invalid" or "expired"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def export_from_token(token: str) -> tuple[int, int]:
    """(export id, owner id) named by a download link; raises ExportLinkError."""
    try:
        data = signing.loads(token, salt=EXPORT_SALT, max_age=EXPORT_DAYS * 86400)
        return int(data["e"]), int(data["u"])
    except signing.SignatureExpired as exc:
        raise ExportLinkError("expired") from exc
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ExportLinkError("invalid") from exc


def export_download_url(export: DataExport) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("privacy:export-download", kwargs={"token": export_token(export)})


# --- request ---------------------------------------------------------------------------------


def export_request(*, user) -> DataExport:
    """Start an export of ``user``'s data; only one may be in progress at a time."""
    if not user.is_authenticated:
        raise ValidationError(_("Sign in to export your data."))
    message = _("An export of your data is already being prepared. You will receive an email when it is ready.")
    with transaction.atomic():
        if DataExport.objects.filter(user=user, status__in=IN_PROGRESS).exists():
            raise ValidationError(message)
        try:
            with transaction.atomic():
                export = DataExport.objects.create(user=user)
        except IntegrityError as exc:  # a second request racing the first
            raise ValidationError(message) from exc
        task_on_commit("privacy.tasks.export_build_task", export.pk)
    return export


# --- build -----------------------------------------------------------------------------------


def _dump(data) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, default=str).encode()


def profile_data(user) -> dict:
    data = {}
    for f in type(user)._meta.concrete_fields:
        if f.attname in exporters.PROFILE_EXCLUDED:
            continue
        value = getattr(user, f.attname)
        if isinstance(f, FileField):
            value = value.name or ""
        data[f.attname] = value
    data["country"] = str(user.country.code) if user.country else ""
    data["expertise"] = sorted(user.expertise.names())
    return data


def messages_received(user) -> list[dict]:
    """Messages others wrote in the member's conversations, while the member took part."""

    windows = Q()
    for participation in Participant.objects.filter(user=user):
        window = Q(conversation_id=participation.conversation_id)
        if participation.left_at:
            window &= Q(created_at__lte=participation.left_at)
        windows |= window
    if not windows:
        return []
    qs = Message.objects.filter(windows).exclude(author=user).select_related("author").order_by("created_at", "pk")
    return [
        {
            "id": m.pk,
            "conversation_id": m.conversation_id,
            "from": m.author.name if m.author else _("Former member"),
            "body": m.body,
            "created_at": m.created_at,
        }
        for m in qs
    ]


def _message_files(user):

    return MessageAttachment.objects.filter(message__author=user).order_by("pk")


def _add_file(archive, storage_file, arcname, manifest):
    try:
        with storage_file.open("rb") as fh:
            archive.writestr(arcname, fh.read())
        manifest.append(arcname)
    except (OSError, ValueError):
        logger.warning("Export: file %s is missing from storage", storage_file.name)


def export_archive(user) -> bytes:
    """The ZIP of everything the hub holds about ``user`` (JSON per section + their files)."""
    buffer = io.BytesIO()
    files = []
    sections = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("profile.json", _dump(profile_data(user)))
        if user.avatar:
            _add_file(archive, user.avatar, f"files/avatar/{os.path.basename(user.avatar.name)}", files)
        for section in exporters.installed_sections():
            rows, objects = exporters.section_rows(section, user)
            sections[section.name] = len(rows)
            archive.writestr(f"{section.name}.json", _dump(rows))
            for obj in objects:
                for storage_file in exporters.file_fields(obj):
                    name = f"files/{section.name}/{obj.pk}-{os.path.basename(storage_file.name)}"
                    _add_file(archive, storage_file, name, files)
        received = messages_received(user)
        sections["messages_received"] = len(received)
        archive.writestr("messages_received.json", _dump(received))
        for attachment in _message_files(user):
            name = f"files/message_attachments/{attachment.pk}-{os.path.basename(attachment.file.name)}"
            _add_file(archive, attachment.file, name, files)
        readme = {
            "format_version": FORMAT_VERSION,
            "generated_at": timezone.now(),
            "site": settings.SITE_URL,
            "sections": sections,
            "files": files,
        }
        archive.writestr("index.json", _dump(readme))
    return buffer.getvalue()


def export_build(*, export_id: int) -> DataExport | None:
    """Build a pending export, store it and mail the link (idempotent: a finished one is left)."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").filter(pk=export_id).first()
        if export is None or export.status not in IN_PROGRESS:
            return export
        export.status = ExportStatus.RUNNING
        export.save(update_fields=["status"])
    user = export.user
    content = export_archive(user)
    name = f"{user.pk}/{secrets.token_hex(16)}.zip"  # under the field's exports/
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").get(pk=export_id)
        if export.file:
            default_storage.delete(export.file.name)
        export.file.save(name, ContentFile(content), save=False)
        export.size = len(content)
        export.status = ExportStatus.READY
        export.finished_at = timezone.now()
        export.expires_at = export.finished_at + timedelta(days=EXPORT_DAYS)
        export.save(update_fields=["file", "size", "status", "finished_at", "expires_at"])
        _mail_export_ready(export)
    return export


def export_fail(*, export_id: int, error: str) -> None:
    DataExport.objects.filter(pk=export_id, status__in=IN_PROGRESS).update(
        status=ExportStatus.FAILED, error=error[:300], finished_at=timezone.now()
    )


def _mail_export_ready(export: DataExport) -> None:
    """Put the email with the download link into the outbox (in the member's language)."""
    email_queue(
        to_user=export.user,
        kind="privacy_export",
        subject=deferred(gettext_lazy("[%(site)s] Your data export is ready"), site=settings.SITE_NAME),
        template="privacy/email/export_ready",
        context={
            "link": link("privacy:export-download", token=export_token(export)),
            "expires_at": export.expires_at,
            "days": EXPORT_DAYS,
        },
        source=f"export:{export.pk}",
    )


def export_expire_due(now=None) -> int:
    """Delete the files of exports past their expiry (run by Celery beat)."""
    now = now or timezone.now()
    expired = 0
    for export in DataExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now):
        if export.file:
            default_storage.delete(export.file.name)
        DataExport.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED, file="")
        expired += 1
    return expired


def export_requeue_stale(now=None) -> int:
    """Queue again the exports a broker outage or a lost worker left pending for over 15 minutes."""
    now = now or timezone.now()
    stale = list(
        DataExport.objects.filter(status__in=IN_PROGRESS, created_at__lte=now - timedelta(minutes=15)).values_list(
            "pk", flat=True
        )
    )
    for pk in stale:
        task_on_commit("privacy.tasks.export_build_task", pk)
    return len(stale)

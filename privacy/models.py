"""Data exports (GDPR art. 20) and the record of deleted accounts (art. 17)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


IN_PROGRESS = (ExportStatus.PENDING, ExportStatus.RUNNING)


class DataExport(models.Model):
    """One ZIP of everything the hub holds about a member, built by a Celery job."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    # Stored outside the public media paths; served only by the download view to its owner.
    file = models.FileField(upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["pending", "running"]),
                name="dataexport_one_in_progress_per_user",
            )
        ]

    def __str__(self):
        return f"export {self.pk} of {self.user_id} ({self.status})"

    @property
    def in_progress(self):
        return self.status in IN_PROGRESS

    def is_downloadable(self, now=None):
        now = now or timezone.now()
        return self.status == ExportStatus.READY and bool(self.file) and self.expires_at and self.expires_at > now


class PostsChoice(models.TextChoices):
    ANONYMISE = "anonymise", _("Keep my posts, shown as written by a former member")
    REMOVE = "remove", _("Remove the text of my posts and threads")


class AccountDeletion(models.Model):
    """Audit entry of one erased account.  Holds no name or address of the erased person:
    only the former numeric id, who asked, and what was chosen."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    former_user_id = models.PositiveBigIntegerField()
    # The staff member who erased the account on the person's request (None: self-service).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    by_staff = models.BooleanField(default=False)
    posts = models.CharField(max_length=10, choices=PostsChoice.choices)
    reason = models.CharField(max_length=500, blank=True)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"account {self.former_user_id} deleted {self.created_at:%Y-%m-%d}"

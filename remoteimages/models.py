"""One row per remote image URL: its local copy, or why there is none."""

import hashlib

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


class RemoteImageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    STORED = "stored", _("Copied")
    FAILED = "failed", _("Failed")


class RemoteImage(models.Model):
    url = models.TextField(_("remote URL"))
    url_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=RemoteImageStatus.choices, default=RemoteImageStatus.PENDING)
    file = models.FileField(upload_to="remote-images/", blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "fetched_at"], name="remoteimage_status_idx")]

    def __str__(self):
        return self.url[:120]

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def local_url(self) -> str:
        """The path readers load (under /media/, so markup accepts it as one of ours)."""
        if self.status != RemoteImageStatus.STORED or not self.file:
            return ""
        return reverse("remoteimages:copy", args=[self.file_name])

"""Stored engagement reports, so history can be compared week to week."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SnapshotStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportSnapshot(models.Model):
    """Engagement metrics and reply network of one community (or the whole platform when
    ``community`` is empty) over [period_start, period_end)."""

    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="report_snapshots"
    )
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=SnapshotStatus.choices, default=SnapshotStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    weekly = models.BooleanField(default=False, help_text=_("Made by the weekly schedule (not on demand)."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    metrics = models.JSONField(default=dict, blank=True)
    network = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "-created_at"]
        indexes = [models.Index(fields=["community", "status", "-period_end"])]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "period_end"],
                condition=models.Q(weekly=True),
                name="report_one_weekly_snapshot_per_period",
            )
        ]

    def __str__(self):
        scope = self.community or "platform"
        return f"{scope} {self.period_start:%Y-%m-%d}..{self.period_end:%Y-%m-%d} ({self.status})"

    @property
    def is_finished(self):
        return self.status in (SnapshotStatus.DONE, SnapshotStatus.FAILED)

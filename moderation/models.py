"""Flags, the append-only audit log of moderation actions, and platform-wide suspensions."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOTE_MAX = 1000
REASON_MAX = 300


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Off-topic")
    ABUSIVE = "abusive", _("Abusive or harassment")
    OTHER = "other", _("Something else")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
    ACTIONED = "actioned", _("Acted upon")


class FlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=FlagStatus.OPEN)

    def for_item(self, item):
        from discussions.models import Post

        return self.filter(post=item) if isinstance(item, Post) else self.filter(thread=item, post__isnull=True)


class Flag(models.Model):
    """One member's report about a post or a thread (exactly one of the two is set)."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("discussions.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    thread = models.ForeignKey(
        "discussions.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_made")
    reason = models.CharField(_("reason"), max_length=12, choices=FlagReason.choices)
    note = models.TextField(_("note to the moderators"), max_length=NOTE_MAX, blank=True)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(post__isnull=False) | Q(thread__isnull=False), name="flag_has_target"),
            models.UniqueConstraint(
                fields=["reporter", "post"], condition=Q(post__isnull=False), name="flag_once_per_post"
            ),
            models.UniqueConstraint(
                fields=["reporter", "thread"], condition=Q(post__isnull=True), name="flag_once_per_thread"
            ),
        ]
        indexes = [models.Index(fields=["community", "status", "-created_at"])]

    def __str__(self):
        return f"{self.get_reason_display()} flag by {self.reporter_id}"

    @property
    def target(self):
        return self.post if self.post_id else self.thread


class AuditAction(models.TextChoices):
    FLAG_DISMISS = "flag_dismiss", _("Flags dismissed")
    AUTO_HIDE = "auto_hide", _("Hidden by flags")
    POST_HIDE = "post_hide", _("Post hidden")
    POST_RESTORE = "post_restore", _("Post restored")
    POST_DELETE = "post_delete", _("Post deleted")
    POST_PURGE = "post_purge", _("Post purged")
    POST_APPROVE = "post_approve", _("Post approved")
    POST_REJECT = "post_reject", _("Post rejected")
    THREAD_PIN = "thread_pin", _("Thread pinned")
    THREAD_UNPIN = "thread_unpin", _("Thread unpinned")
    THREAD_LOCK = "thread_lock", _("Thread locked")
    THREAD_UNLOCK = "thread_unlock", _("Thread unlocked")
    THREAD_HIDE = "thread_hide", _("Thread hidden")
    THREAD_RESTORE = "thread_restore", _("Thread restored")
    THREAD_RENAME = "thread_rename", _("Thread renamed")
    THREAD_MOVE = "thread_move", _("Thread moved")
    THREAD_MERGE = "thread_merge", _("Threads merged")
    MEMBER_WARN = "member_warn", _("Member warned")
    MEMBER_SUSPEND = "member_suspend", _("Member suspended")
    MEMBER_UNSUSPEND = "member_unsuspend", _("Suspension lifted")
    MEMBER_REMOVE = "member_remove", _("Member removed")
    MEMBER_ROLE = "member_role", _("Role changed")
    REQUEST_APPROVE = "request_approve", _("Join request approved")
    REQUEST_DECLINE = "request_decline", _("Join request declined")
    PLATFORM_SUSPEND = "platform_suspend", _("Suspended from the hub")
    PLATFORM_UNSUSPEND = "platform_unsuspend", _("Hub suspension lifted")


class AppendOnlyError(PermissionDenied):
    """Raised on any attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The moderation audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The moderation audit log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The moderation audit log is append-only.")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnlyError("The moderation audit log is append-only.")


class AuditEntry(models.Model):
    """One moderation action.  Append-only: rows are written once and never changed."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=24, choices=AuditAction.choices)
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    community_name = models.CharField(max_length=120, blank=True)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    target_type = models.CharField(max_length=20)  # post, thread, membership, user
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    target_url = models.CharField(max_length=500, blank=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["community", "-created_at"]),
            models.Index(fields=["target_user", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()} {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The moderation audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The moderation audit log is append-only.")


class PlatformSuspensionQuerySet(models.QuerySet):
    def current(self, now=None):
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))

    def expired(self, now=None):
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True, ends_at__isnull=False, ends_at__lte=now)


class PlatformSuspension(models.Model):
    """A staff decision that a person cannot log in until ``ends_at`` (None: permanently)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="platform_suspensions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=REASON_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlatformSuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["lifted_at", "ends_at"])]

    def __str__(self):
        return f"Suspension of {self.user_id} until {self.ends_at or 'forever'}"


class MergedPost(models.Model):
    """Where a post of a merged thread went, so its old permalink (#number) still resolves."""

    old_thread = models.ForeignKey("discussions.Thread", on_delete=models.CASCADE, related_name="+")
    old_number = models.PositiveIntegerField()
    post = models.ForeignKey("discussions.Post", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["old_thread", "old_number"], name="mergedpost_unique_old_number")
        ]

    def __str__(self):
        return f"{self.old_thread_id}#{self.old_number} -> post {self.post_id}"

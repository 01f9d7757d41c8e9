"""In-app notifications.  Lower than the content apps: they call ``notifications.services.notify_many``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("Reply to your thread")
    POST_REPLY = "post_reply", _("Reply to or quote of your post")
    MENTION = "mention", _("Mention")
    REACTION = "reaction", _("Reactions to your post")
    ACCEPTED_ANSWER = "accepted_answer", _("Your answer was accepted")
    JOIN_REQUEST = "join_request", _("Join request (moderators)")
    REQUEST_APPROVED = "request_approved", _("Join request approved")
    REQUEST_DECLINED = "request_declined", _("Join request declined")
    INVITATION = "invitation", _("Invitation")
    WATCHED_THREAD = "watched_thread", _("New thread in a watched community")
    WATCHED_REPLY = "watched_reply", _("New reply in a watched thread")
    MODERATION = "moderation", _("Moderation outcome")
    ROLE_CHANGED = "role_changed", _("Your role changed")
    KNOWLEDGE = "knowledge", _("Knowledge base submission update")
    EVENT = "event", _("Event update")
    PROGRAMME = "programme", _("Design programme update")
    MESSAGE = "message", _("Private message")
    BOOKMARK_REMINDER = "bookmark_reminder", _("Bookmark reminder")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    # Short, already-translated sentence ("Amina replied to “Drought early warning”").
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Free-form references (thread_id, post_id, count, ...) used for batching and email.
    data = models.JSONField(default=dict, blank=True)
    # Batching key: reactions to one post fold into one notification ("5 people ...").
    group_key = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self):
        return self.text

    @property
    def is_read(self):
        return self.read_at is not None


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the hub only")
    EMAIL = "email", _("Email at once")
    DIGEST = "digest", _("In my digest")
    OFF = "off", _("Off")


# Sensible defaults: direct conversation reaches you at once, ambient activity waits for
# the digest, everything else stays in the hub.
DEFAULT_CHANNELS = {
    NotificationKind.REPLY: Channel.EMAIL,
    NotificationKind.POST_REPLY: Channel.EMAIL,
    NotificationKind.MENTION: Channel.EMAIL,
    NotificationKind.INVITATION: Channel.EMAIL,
    NotificationKind.REQUEST_APPROVED: Channel.EMAIL,
    NotificationKind.REQUEST_DECLINED: Channel.EMAIL,
    NotificationKind.MODERATION: Channel.EMAIL,
    NotificationKind.JOIN_REQUEST: Channel.EMAIL,
    NotificationKind.WATCHED_THREAD: Channel.DIGEST,
    NotificationKind.WATCHED_REPLY: Channel.DIGEST,
    NotificationKind.REACTION: Channel.IN_APP,
}


def default_channel(kind) -> str:
    return DEFAULT_CHANNELS.get(kind, Channel.IN_APP)


class NotificationPreference(models.Model):
    """A member's choice of channel for one kind (absent row = the default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifpref_unique")]

    def __str__(self):
        return f"{self.user_id}:{self.kind}={self.channel}"


class DigestRun(models.Model):
    """Exactly one digest per member per period: the unique row is claimed before sending."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=20, help_text="daily:2026-11-29 or weekly:2026-W48")
    created_at = models.DateTimeField(default=timezone.now)
    delivery = models.ForeignKey(
        "outbox.EmailDelivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "period"], name="digestrun_unique")]

    def __str__(self):
        return f"{self.user_id} {self.period}"

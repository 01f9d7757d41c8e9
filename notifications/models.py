"""In-app notifications.  Lower than the content apps: they call ``notifications.services.notify``."""

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

"""Community events (webinars, workshops, consultations, field visits), RSVPs and calendars."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import now as tz_now
from django.utils.translation import gettext_lazy as _

from accounts.models import TIMEZONE_CHOICES
from communities.models import Community


class EventKind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    WORKSHOP = "workshop", _("Workshop")
    CONSULTATION = "consultation", _("Consultation")
    FIELD_VISIT = "field_visit", _("Field visit")


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


class Event(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="events")
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.WEBINAR)
    description = models.TextField(_("description"), max_length=20_000, blank=True)
    description_html = models.TextField(blank=True, editable=False)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    # The organiser's zone: times were entered in it; each viewer sees their own.
    timezone = models.CharField(_("time zone"), max_length=64, choices=TIMEZONE_CHOICES, default="UTC")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: no limit."))
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    materials = models.TextField(_("materials and notes"), max_length=20_000, blank=True)
    materials_html = models.TextField(blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE: bumped on each change
    created_at = models.DateTimeField(default=tz_now)
    updated_at = models.DateTimeField(default=tz_now)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["community", "starts_at"]), models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    def is_past(self, now=None):
        return self.ends_at < (now or timezone.now())


class RSVPStatus(models.TextChoices):
    GOING = "going", _("Going")
    MAYBE = "maybe", _("Maybe")
    NOT_GOING = "not_going", _("Not going")
    WAITLISTED = "waitlisted", _("On the waiting list")


class RSVP(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_rsvps")
    status = models.CharField(max_length=12, choices=RSVPStatus.choices)
    created_at = models.DateTimeField(default=tz_now)
    # When the person joined the waiting list (queue order) or last changed their answer.
    updated_at = models.DateTimeField(default=tz_now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="rsvp_unique_event_user")]
        indexes = [models.Index(fields=["event", "status", "updated_at"])]

    def __str__(self):
        return f"{self.user} {self.status} {self.event_id}"


class EventMaterial(models.Model):
    """A document attached to an event (slides, report), usually afterwards."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to="events/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=tz_now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.title


def new_token():
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a member's private calendar-feed URL; resetting it revokes old URLs."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=tz_now)

    def __str__(self):
        return f"calendar token of {self.user_id}"


class ReminderKind(models.TextChoices):
    DAY = "day", _("A day before")
    HOUR = "hour", _("An hour before")


class ReminderLog(models.Model):
    """One row per reminder sent: the unique constraint makes reminders idempotent."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(default=tz_now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user", "kind"], name="reminder_once")]

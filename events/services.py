"""Every write of the events app: events, RSVPs with a waiting list, materials, tokens, reminders."""

import datetime as dt
import logging
import os
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import permissions as ep
from events.models import (
    RSVP,
    CalendarToken,
    Event,
    EventMaterial,
    ReminderKind,
    ReminderLog,
    RSVPStatus,
    new_token,
)
from hub.i18n import deferred
from markup import render_markdown
from notifications.models import NotificationKind
from notifications.services import notify_many
from outbox.services import email_queue, link_to
from remoteimages.services import localise_later
from uploads import validate as validate_upload

logger = logging.getLogger(__name__)

EVENT_FIELDS = (
    "title", "kind", "description", "online_url", "location", "timezone", "starts_at", "ends_at", "capacity",
    "recording_url", "materials",
)  # fmt: skip
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _apply(event, data):
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    if event.ends_at <= event.starts_at:
        raise ValidationError(_("The event must end after it starts."))
    event.description_html = render_markdown(event.description)
    event.materials_html = render_markdown(event.materials)


def event_create(*, organiser, community, data) -> Event:
    """Schedule an event in ``community`` (moderators, owners, staff)."""
    if not ep.can_create_event(organiser, community):
        raise PermissionDenied
    with transaction.atomic():
        event = Event(community=community, organiser=organiser)
        _apply(event, data)
        event.save()
        localise_later(event)
    # The organiser answers like anyone else: their own answer must not silently take a place.
    return event


def _attendee_users(event, statuses=(RSVPStatus.GOING, RSVPStatus.MAYBE, RSVPStatus.WAITLISTED)):
    return [r.user for r in event.rsvps.filter(status__in=statuses).select_related("user")]


def _tell_attendees(*, event, actor, text):
    notify_many(
        kind=NotificationKind.EVENT, text=text, url=event.get_absolute_url(), actor_id=getattr(actor, "pk", None),
        community_id=event.community_id, data={"event_id": event.pk},
        # never tell someone who lost access to the community
        recipient_ids=[user.pk for user in _attendee_users(event) if ep.can_view_event(user, event)],
    )  # fmt: skip


def event_update(*, actor, event, data) -> Event:
    """Edit an event; people who answered are told when the time or place changes."""
    if not ep.can_edit_event(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("community").get(pk=event.pk)
        before = (event.starts_at, event.ends_at, event.location, event.online_url)
        _apply(event, data)
        event.sequence += 1
        event.updated_at = timezone.now()
        event.save()
        localise_later(event)
        if (event.starts_at, event.ends_at, event.location, event.online_url) != before:
            _tell_attendees(
                event=event,
                actor=actor,
                text=deferred(gettext_lazy("“%(t)s” has a new time or place."), t=event.title[:150]),
            )
        # More places may let people off the waiting list.
        _promote_waitlist(event)
    return event


def event_cancel(*, actor, event, reason="") -> Event:
    if not ep.can_edit_event(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("community").get(pk=event.pk)
        if event.is_cancelled:
            return event
        event.cancelled_at = timezone.now()
        event.cancel_reason = reason[:500]
        event.sequence += 1
        event.save(update_fields=["cancelled_at", "cancel_reason", "sequence"])
        _tell_attendees(
            event=event, actor=actor, text=deferred(gettext_lazy("“%(t)s” was cancelled."), t=event.title[:150])
        )
    return event


def _going_count(event):
    return event.rsvps.filter(status=RSVPStatus.GOING).count()


def _promote_waitlist(event):
    """Move people from the waiting list into free places, first come first served."""
    free = None if event.capacity is None else event.capacity - _going_count(event)
    queue = event.rsvps.filter(status=RSVPStatus.WAITLISTED).select_related("user").order_by("updated_at", "pk")
    promoted = []
    for rsvp in queue:
        if free is not None and free <= 0:
            break
        rsvp.status = RSVPStatus.GOING
        rsvp.updated_at = timezone.now()
        rsvp.save(update_fields=["status", "updated_at"])
        if free is not None:
            free -= 1
        if ep.can_view_event(rsvp.user, event):
            promoted.append(rsvp.user_id)
    notify_many(
        kind=NotificationKind.EVENT, recipient_ids=promoted,
        text=deferred(gettext_lazy("A place freed up: you are now going to “%(t)s”."), t=event.title[:150]),
        url=event.get_absolute_url(), community_id=event.community_id, data={"event_id": event.pk},
    )  # fmt: skip


def rsvp_set(*, user, event, status) -> RSVP:
    """Answer going / maybe / not going.  A full event puts "going" on the waiting list."""
    if status not in (RSVPStatus.GOING, RSVPStatus.MAYBE, RSVPStatus.NOT_GOING):
        raise ValidationError(_("Choose going, maybe or not going."))
    if not ep.can_rsvp(user, event):
        raise PermissionDenied
    with transaction.atomic():
        # Lock the event row: concurrent answers cannot both take the last place.
        event = Event.objects.select_for_update().select_related("community").get(pk=event.pk)
        rsvp = RSVP.objects.filter(event=event, user=user).first()
        previous = rsvp.status if rsvp else None
        if previous == status or (previous == RSVPStatus.WAITLISTED and status == RSVPStatus.GOING):
            return rsvp
        new_status = status
        if status == RSVPStatus.GOING and event.capacity is not None and _going_count(event) >= event.capacity:
            new_status = RSVPStatus.WAITLISTED
        now = timezone.now()
        if rsvp is None:
            rsvp = RSVP.objects.create(event=event, user=user, status=new_status, created_at=now, updated_at=now)
        else:
            rsvp.status = new_status
            rsvp.updated_at = now
            rsvp.save(update_fields=["status", "updated_at"])
        if previous == RSVPStatus.GOING:
            _promote_waitlist(event)
    return rsvp


def material_add(*, actor, event, title, upload) -> EventMaterial:
    """Attach a document (PDF or image, checked by content, 10 MB at most)."""
    if not ep.can_edit_event(actor, event):
        raise PermissionDenied
    checked = validate_upload(upload)
    with transaction.atomic():
        return EventMaterial.objects.create(
            event=event, title=title or os.path.basename(upload.name)[:200], file=checked.as_content_file(),
            original_name=os.path.basename(upload.name)[:255], content_type=checked.content_type, size=checked.size,
            uploaded_by=actor,
        )  # fmt: skip


def calendar_token_for(user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


def calendar_token_reset(*, user) -> CalendarToken:
    """A new secret: every feed URL handed out before stops working."""
    with transaction.atomic():
        token, _created = CalendarToken.objects.select_for_update().get_or_create(user=user)
        token.token = new_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token


# --- Reminders -------------------------------------------------------------------------------


def _reminder_source(event, user, kind) -> str:
    return f"reminder:{event.pk}:{user.pk}:{kind}"


def _queue_reminder(*, event, user, kind):
    """Write one reminder into the outbox, in the member's language and time zone."""
    try:
        zone = zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    subject = gettext_lazy("Tomorrow: %(t)s") if kind == ReminderKind.DAY else gettext_lazy("In one hour: %(t)s")
    return email_queue(
        to_user=user,
        kind="event_reminder",
        subject=deferred(subject, t=event.title[:120]),
        template="events/email/reminder",
        context={
            "event": event,
            "kind": kind,
            "local_start": event.starts_at.astimezone(zone),
            "zone_name": getattr(zone, "key", "UTC"),
            "url": link_to(event),
        },
        source=_reminder_source(event, user, kind),
    )


def reminders_send(*, now=None) -> int:
    """Queue due reminders (a day and an hour before); each (event, person, kind) at most once.

    The reminder's log row and its outbox row are written together: a reminder is never
    recorded as sent without its email, and a mail server outage only delays it."""
    now = now or timezone.now()
    queued = 0
    windows = [
        (ReminderKind.HOUR, now, now + dt.timedelta(hours=1)),
        (ReminderKind.DAY, now + dt.timedelta(hours=1), now + dt.timedelta(hours=24)),
    ]
    for kind, start, end in windows:
        events = Event.objects.filter(starts_at__gt=start, starts_at__lte=end, cancelled_at__isnull=True)
        for event in events.select_related("community"):
            for rsvp in event.rsvps.filter(status__in=[RSVPStatus.GOING, RSVPStatus.MAYBE]).select_related("user"):
                user = rsvp.user
                if not user.is_active or not user.email or not ep.can_view_event(user, event):
                    continue
                try:
                    with transaction.atomic():
                        ReminderLog.objects.create(event=event, user=user, kind=kind)
                        _queue_reminder(event=event, user=user, kind=kind)
                except IntegrityError:
                    continue  # already queued by an earlier run
                except Exception:  # one bad reminder (nothing saved for it) never stops the others
                    logger.warning("Reminder for event %s to user %s failed", event.pk, user.pk, exc_info=True)
                    continue
                queued += 1
    return queued

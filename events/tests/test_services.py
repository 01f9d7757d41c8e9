"""RSVP with capacity and waiting list, cancellations, reminders (idempotent, private-safe)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import MembershipStatus, Role, Visibility
from events import services
from events.models import RSVP, ReminderLog, RSVPStatus
from events.tests.factories import EventFactory, add_member, make_community
from notifications.models import Notification
from notifications.tests.helpers import committed

pytestmark = pytest.mark.django_db


def test_capacity_waiting_list_and_promotion_on_cancel():
    event = EventFactory(capacity=2)
    a, b, c, d = UserFactory.create_batch(4)
    assert services.rsvp_set(user=a, event=event, status="going").status == RSVPStatus.GOING
    assert services.rsvp_set(user=b, event=event, status="going").status == RSVPStatus.GOING
    assert services.rsvp_set(user=c, event=event, status="going").status == RSVPStatus.WAITLISTED
    assert services.rsvp_set(user=d, event=event, status="going").status == RSVPStatus.WAITLISTED
    # Asking "going" again while waitlisted keeps your place in the queue.
    assert services.rsvp_set(user=c, event=event, status="going").status == RSVPStatus.WAITLISTED
    with committed():
        services.rsvp_set(user=a, event=event, status="not_going")
    assert RSVP.objects.get(user=c).status == RSVPStatus.GOING  # first in the queue
    assert RSVP.objects.get(user=d).status == RSVPStatus.WAITLISTED
    assert Notification.objects.filter(recipient=c, kind="event", text__contains="place freed up").exists()
    services.rsvp_set(user=b, event=event, status="maybe")
    assert RSVP.objects.get(user=d).status == RSVPStatus.GOING


def test_more_places_promote_the_waiting_list():
    organiser = UserFactory(is_staff=True)
    event = EventFactory(capacity=1, organiser=organiser)
    a, b = UserFactory.create_batch(2)
    services.rsvp_set(user=a, event=event, status="going")
    services.rsvp_set(user=b, event=event, status="going")
    services.event_update(actor=organiser, event=event, data={"capacity": 2})
    assert RSVP.objects.get(user=b).status == RSVPStatus.GOING


def test_rsvp_refused_for_outsiders_of_private_communities_and_past_or_cancelled_events():
    private = make_community(Visibility.PRIVATE)
    event = EventFactory(community=private)
    outsider, member = UserFactory(), UserFactory()
    add_member(member, private)
    with pytest.raises(PermissionDenied):
        services.rsvp_set(user=outsider, event=event, status="going")
    services.rsvp_set(user=member, event=event, status="going")
    past = EventFactory(starts_at=timezone.now() - dt.timedelta(days=2), ends_at=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.rsvp_set(user=member, event=past, status="going")
    cancelled = EventFactory(cancelled_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.rsvp_set(user=member, event=cancelled, status="going")


def test_cancel_notifies_only_attendees_who_can_still_see_it():
    private = make_community(Visibility.PRIVATE)
    moderator, stays, left = UserFactory(), UserFactory(), UserFactory()
    add_member(moderator, private, role=Role.MODERATOR)
    add_member(stays, private)
    membership = add_member(left, private)
    event = services.event_create(
        organiser=moderator,
        community=private,
        data={
            "title": "Consultation", "kind": "consultation", "location": "Online", "timezone": "UTC",
            "starts_at": timezone.now() + dt.timedelta(days=1), "ends_at": timezone.now() + dt.timedelta(days=1, hours=1),
        },
    )  # fmt: skip
    services.rsvp_set(user=stays, event=event, status="going")
    services.rsvp_set(user=left, event=event, status="maybe")
    membership.status = MembershipStatus.LEFT
    membership.save()
    with committed():
        services.event_cancel(actor=moderator, event=event, reason="Storm warning")
    assert Notification.objects.filter(recipient=stays, text__contains="cancelled").exists()
    assert not Notification.objects.filter(recipient=left).exists()


def test_reminders_day_and_hour_before_each_sent_once(django_capture_on_commit_callbacks):
    now = timezone.now()
    event = EventFactory(starts_at=now + dt.timedelta(hours=23), ends_at=now + dt.timedelta(hours=25))
    going, maybe, no = UserFactory(timezone="Asia/Kathmandu"), UserFactory(), UserFactory()
    services.rsvp_set(user=going, event=event, status="going")
    services.rsvp_set(user=maybe, event=event, status="maybe")
    services.rsvp_set(user=no, event=event, status="not_going")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=now) == 2
        assert services.reminders_send(now=now) == 0  # idempotent
        assert services.reminders_send(now=now + dt.timedelta(minutes=5)) == 0
    assert {m.to[0] for m in mail.outbox} == {going.email, maybe.email}
    assert "Tomorrow" in mail.outbox[0].subject and "Asia/Kathmandu" in "".join(m.body for m in mail.outbox)
    # An hour before: the second reminder, once.
    later = event.starts_at - dt.timedelta(minutes=50)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=later) == 2
        assert services.reminders_send(now=later) == 0
    assert ReminderLog.objects.count() == 4 and len(mail.outbox) == 4


def test_reminders_skip_cancelled_events_and_people_without_access(django_capture_on_commit_callbacks):
    now = timezone.now()
    private = make_community(Visibility.PRIVATE)
    member, former = UserFactory(), UserFactory()
    add_member(member, private)
    membership = add_member(former, private)
    event = EventFactory(community=private, starts_at=now + dt.timedelta(minutes=30))
    services.rsvp_set(user=member, event=event, status="going")
    services.rsvp_set(user=former, event=event, status="going")
    membership.status = MembershipStatus.BANNED
    membership.save()
    cancelled = EventFactory(starts_at=now + dt.timedelta(minutes=30), cancelled_at=now)
    RSVP.objects.create(event=cancelled, user=member, status="going")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=now) == 1
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_reminder_task_runs_eagerly():
    from events.tasks import reminders_send_task

    assert reminders_send_task.delay().get() == 0


def test_calendar_token_reset_revokes():
    user = UserFactory()
    old = services.calendar_token_for(user).token
    new = services.calendar_token_reset(user=user).token
    assert old != new and services.calendar_token_for(user).token == new


def test_events_search_never_shows_private_events_to_outsiders():
    from django.contrib.auth.models import AnonymousUser

    from events.selectors import events_search

    private = make_community(Visibility.PRIVATE)
    EventFactory(community=private, title="Closed consultation on tariffs")
    EventFactory(title="Open webinar on tariffs")
    member = UserFactory()
    add_member(member, private)

    def titles(viewer):
        return {e.title for e in events_search(query="tariffs", viewer=viewer)}

    assert titles(AnonymousUser()) == {"Open webinar on tariffs"}
    assert titles(UserFactory()) == {"Open webinar on tariffs"}
    assert titles(member) == {"Closed consultation on tariffs", "Open webinar on tariffs"}
    assert events_search(query="\x00", viewer=member) == []

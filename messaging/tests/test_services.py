"""Who may message whom, blocks, group limits, rate limits, read receipts, reports."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import MembershipStatus
from messaging import permissions as mp
from messaging import services
from messaging.models import MessageReport, Participant
from messaging.selectors import conversation_get
from messaging.tests.factories import add_member, make_community, neighbours
from notifications.models import Notification
from notifications.tests.helpers import committed

pytestmark = pytest.mark.django_db


def test_who_may_start_a_conversation():
    a, b = neighbours()
    stranger, open_door = UserFactory(), UserFactory(allow_messages_from_anyone=True)
    staff = UserFactory(is_staff=True)
    assert mp.can_message_user(a, b)
    assert not mp.can_message_user(a, stranger)
    assert mp.can_message_user(a, open_door)
    assert mp.can_message_user(staff, stranger)
    assert not mp.can_message_user(a, a)
    # A shared community that is archived, or a membership that is not active, does not count.
    community = make_community()
    c, d = UserFactory(), UserFactory()
    add_member(c, community)
    add_member(d, community, status=MembershipStatus.PENDING)
    assert not mp.can_message_user(c, d)
    archived = make_community(archived_at=timezone.now())
    e, f = UserFactory(), UserFactory()
    add_member(e, archived)
    add_member(f, archived)
    assert not mp.can_message_user(e, f)
    with pytest.raises(PermissionDenied):
        services.conversation_start(sender=a, recipients=[stranger], body="Hello")


def test_blocking_stops_new_and_existing_conversations():
    a, b = neighbours()
    conversation = services.conversation_start(sender=a, recipients=[b], body="Hi **Bo**")
    services.block_create(blocker=b, blocked=a)
    assert not mp.can_message_user(a, b) and not mp.can_message_user(b, a)
    with pytest.raises(PermissionDenied):
        services.message_send(sender=a, conversation=conversation, body="Still there?")
    with pytest.raises(PermissionDenied):
        services.conversation_start(sender=a, recipients=[b], body="New thread")
    services.block_remove(blocker=b, blocked=a)
    services.message_send(sender=a, conversation=conversation, body="Thanks for unblocking")
    with pytest.raises(ValidationError):
        services.block_create(blocker=a, blocked=a)


def test_group_conversation_limit_of_twenty():
    people = neighbours(21)
    with pytest.raises(ValidationError):
        services.conversation_start(sender=people[0], recipients=people[1:], body="Too many")
    conversation = services.conversation_start(sender=people[0], recipients=people[1:19], body="Nineteen")
    services.participants_add(actor=people[0], conversation=conversation, users=[people[19]])
    with pytest.raises(ValidationError):
        services.participants_add(actor=people[0], conversation=conversation, users=[people[20]])


def test_new_accounts_are_rate_limited(settings):
    young, *others = neighbours(8)
    for i in range(5):
        services.conversation_start(sender=young, recipients=[others[i]], body=f"Hello {i}")
    with pytest.raises(services.RateLimited):
        services.conversation_start(sender=young, recipients=[others[5]], body="Sixth")
    old, peer = neighbours(2)
    old.date_joined = timezone.now() - dt.timedelta(days=60)
    old.save()
    for _ in range(6):
        services.conversation_start(sender=old, recipients=[peer], body="Established member")


def test_read_receipts_unread_counts_and_notifications_never_quote():
    a, b, c = neighbours(3)
    with committed():
        conversation = services.conversation_start(sender=a, recipients=[b, c], subject="Data", body="Secret flows: 42")
    assert services.unread_conversation_count(b.pk) == 1 and services.unread_conversation_count(a.pk) == 0
    note = Notification.objects.get(recipient=b)
    assert "42" not in note.text and note.kind == "message"
    conversation.refresh_from_db()
    services.conversation_mark_read(user=b, conversation=conversation)
    assert services.unread_conversation_count(b.pk) == 0
    _conv, _people, messages = conversation_get(pk=conversation.pk, user=a)
    assert [u.pk for u in messages[0].seen_by] == [b.pk]
    with committed():
        services.message_send(sender=c, conversation=conversation, body="Another")
    assert services.unread_conversation_count(b.pk) == 1
    # Batched: one unread notification per conversation.
    assert Notification.objects.filter(recipient=b, read_at__isnull=True).count() == 1


def test_leaving_hides_the_conversation():
    a, b = neighbours()
    conversation = services.conversation_start(sender=a, recipients=[b], body="Hi")
    services.conversation_leave(user=b, conversation=conversation)
    assert not mp.can_view_conversation(b, conversation)
    services.message_send(sender=a, conversation=conversation, body="Anyone?")
    assert services.unread_conversation_count(b.pk) == 0
    assert Participant.objects.filter(conversation=conversation, left_at__isnull=False).count() == 1


def test_reports_reach_staff_without_opening_the_conversation():
    a, b = neighbours()
    staff = UserFactory(is_staff=True)
    conversation = services.conversation_start(sender=a, recipients=[b], body="Buy my pumps!!!")
    message = conversation.messages.get()
    with pytest.raises(PermissionDenied):
        services.message_report(reporter=a, message=message, reason="own message")
    with pytest.raises(ValidationError):
        services.message_report(reporter=b, message=message, reason=" ")
    with committed():
        report = services.message_report(reporter=b, message=message, reason="Spam")
        services.message_report(reporter=b, message=message, reason="Spam again")
    assert MessageReport.objects.count() == 1
    assert Notification.objects.filter(recipient=staff, kind="moderation").exists()
    assert not mp.can_view_conversation(staff, conversation)
    services.report_resolve(actor=staff, report=report, resolution="Warned the sender")
    with pytest.raises(PermissionDenied):
        services.report_resolve(actor=b, report=report)


def test_bad_bodies_refused():
    a, b = neighbours()
    for body in ["", "   ", "nul\x00byte"]:
        with pytest.raises(ValidationError):
            services.conversation_start(sender=a, recipients=[b], body=body)

"""notify_many: one task after commit, bulk reads and writes, each member's language, idempotent."""

from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy

from accounts.tests.factories import UserFactory
from hub.i18n import deferred
from notifications import services
from notifications.models import Channel, Notification, NotificationKind
from notifications.tests.helpers import committed
from outbox.models import EmailDelivery

pytestmark = pytest.mark.django_db

MENTION = gettext_lazy("%(name)s mentioned you in “%(title)s”")


def test_notify_many_schedules_one_task_after_commit_and_writes_nothing_before(django_capture_on_commit_callbacks):
    people = [UserFactory() for _ in range(3)]
    with mock.patch.object(services.notifications_fan_out_task, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.notify_many(kind=NotificationKind.MENTION, recipient_ids=[u.pk for u in people], text="Hi")
        assert Notification.objects.count() == 0 and delay.call_count == 0
        for callback in callbacks:
            callback()
    assert delay.call_count == 1
    (payload,) = delay.call_args.args
    assert payload["recipient_ids"] == [u.pk for u in people]


def test_task_reads_all_preferences_in_one_query_and_writes_in_bulk(django_capture_on_commit_callbacks):
    people = [UserFactory() for _ in range(6)]
    services.preference_set(user=people[0], kind=NotificationKind.MENTION, channel=Channel.OFF)
    services.preference_set(user=people[1], kind=NotificationKind.MENTION, channel=Channel.IN_APP)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        services.notify_many(kind=NotificationKind.MENTION, recipient_ids=[u.pk for u in people], text="Hi")
    prefs = [q["sql"] for q in queries if "notifications_notificationpreference" in q["sql"]]
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "notifications_notification"')]
    assert len(prefs) == 1 and len(inserts) == 1
    assert set(Notification.objects.values_list("recipient", flat=True)) == {u.pk for u in people[1:]}
    # Email is the default for mentions: everyone but the in-app and the off member.
    assert set(EmailDelivery.objects.values_list("recipient", flat=True)) == {u.pk for u in people[2:]}
    assert len(mail.outbox) == 4


def test_actor_excluded_and_inactive_members_are_never_told(django_capture_on_commit_callbacks):
    actor, gone, skipped, told = UserFactory(), UserFactory(is_active=False), UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_many(
            kind=NotificationKind.REACTION,
            recipient_ids=[actor.pk, gone.pk, skipped.pk, told.pk, told.pk],
            actor_id=actor.pk,
            exclude=[skipped.pk],
            text="Hi",
        )
    assert list(Notification.objects.values_list("recipient", flat=True)) == [told.pk]


def test_each_recipient_reads_the_text_and_email_in_their_own_language(django_capture_on_commit_callbacks):
    amina, claire = UserFactory(preferred_language="en"), UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_many(
            kind=NotificationKind.MENTION,
            recipient_ids=[amina.pk, claire.pk],
            text=deferred(MENTION, name="Kofi", title="Recharge"),
            url="/notifications/",
        )
    assert Notification.objects.get(recipient=amina).text == "Kofi mentioned you in “Recharge”"
    french = Notification.objects.get(recipient=claire)
    assert french.text == "Kofi vous a mentionné(e) dans «\xa0Recharge\xa0»"
    assert french.url == "/fr/notifications/"
    assert "«\xa0Recharge\xa0»" in EmailDelivery.objects.get(recipient=claire).subject


def _payload(**kwargs):
    with mock.patch.object(services.notifications_fan_out_task, "delay") as delay, committed():
        services.notify_many(**kwargs)
    return delay.call_args.args[0]


def test_a_retried_task_creates_no_duplicates_and_sends_no_second_email():
    people = [UserFactory() for _ in range(3)]
    payload = _payload(kind=NotificationKind.MENTION, recipient_ids=[u.pk for u in people], text="Hi")
    with committed():
        assert services.notifications_fan_out_task(payload) == 3
    Notification.objects.filter(recipient=people[0]).update(read_at=services.timezone.now())
    with committed():
        assert services.notifications_fan_out_task(payload) == 0  # redelivered after a worker died
    assert Notification.objects.count() == 3
    assert EmailDelivery.objects.count() == 3 and len(mail.outbox) == 3


def test_a_retried_batched_task_never_overwrites_a_newer_event():
    amina = UserFactory()
    first = _payload(kind=NotificationKind.REACTION, recipient_ids=[amina.pk], text="1 reaction", group_key="r:1")
    second = _payload(kind=NotificationKind.REACTION, recipient_ids=[amina.pk], text="2 reactions", group_key="r:1")
    with committed():
        services.notifications_fan_out_task(first)
        services.notifications_fan_out_task(second)
        services.notifications_fan_out_task(first)  # a late retry of the first event
    assert list(Notification.objects.values_list("text", flat=True)) == ["2 reactions"]


def test_broker_outage_writes_the_notifications_after_commit_instead_of_losing_them():
    amina = UserFactory()
    with (
        mock.patch.object(services.notifications_fan_out_task, "delay", return_value=None),  # ResilientTask refused
        committed(),
    ):
        services.notify_many(kind=NotificationKind.REACTION, recipient_ids=[amina.pk], text="Hi")
    assert Notification.objects.filter(recipient=amina).count() == 1

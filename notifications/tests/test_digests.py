import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import DigestFrequency, MembershipStatus
from discussions.models import ReadState
from discussions.tests.factories import make_thread
from notifications.digests import digest_send_batch, digests_send_due, due_frequencies, period_key
from notifications.models import DigestRun
from outbox.models import DeliveryStatus, EmailDelivery
from outbox.tasks import outbox_sweep_task

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def world(make_community, join):
    """Amina belongs to Drought (daily digest) but not to Floods; a week of activity."""
    amina, kofi = UserFactory(display_name="Amina"), UserFactory(display_name="Kofi")
    drought, floods = make_community(name="Drought"), make_community(name="Floods")
    join(amina, drought, digest_frequency=DigestFrequency.DAILY)
    join(kofi, drought)
    join(kofi, floods)
    now = timezone.now()
    fresh = make_thread(drought, kofi, title="Seasonal forecasts for pastoralists", replies=3, created_at=now)
    old = make_thread(drought, kofi, title="Old thread", created_at=now - datetime.timedelta(days=10))
    hidden = make_thread(drought, kofi, title="Hidden spam thread", created_at=now, is_hidden=True)
    elsewhere = make_thread(floods, kofi, title="Flood maps secret", created_at=now)
    return {"amina": amina, "kofi": kofi, "fresh": fresh, "old": old, "hidden": hidden, "elsewhere": elsewhere}


def test_digest_contains_only_new_readable_unread_items(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stats = digest_send_batch(users=[world["amina"]], frequency=DigestFrequency.DAILY, force=True)
    assert stats["sent"] == 1
    message = mail.outbox[0]
    assert "Seasonal forecasts for pastoralists" in message.body
    assert "Old thread" not in message.body
    assert "Hidden spam thread" not in message.body
    assert "Flood maps secret" not in message.body
    html = message.alternatives[0][0]
    assert "Seasonal forecasts for pastoralists" in html and "Most active discussions" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digest_skips_what_the_member_already_read_and_sends_nothing_when_empty(world):
    ReadState.objects.create(user=world["amina"], thread=world["fresh"], last_read_number=4)
    stats = digest_send_batch(users=[world["amina"]], frequency=DigestFrequency.DAILY, force=True)
    assert stats == {"sent": 0, "empty": 1, "skipped": 0}
    assert mail.outbox == []


def test_digest_runs_exactly_once_per_period(world, django_capture_on_commit_callbacks):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            digest_send_batch(users=[world["amina"]], frequency=DigestFrequency.DAILY, force=True)
    assert len(mail.outbox) == 1
    assert DigestRun.objects.count() == 1


def test_worker_killed_after_claiming_the_period_still_delivers_once(world, django_capture_on_commit_callbacks):
    # The claim and the outbox row commit together; the enqueue never happens (worker died).
    digest_send_batch(users=[world["amina"]], frequency=DigestFrequency.DAILY, force=True)
    assert mail.outbox == []
    assert EmailDelivery.objects.get().status == DeliveryStatus.PENDING
    EmailDelivery.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    # The re-run finds the period claimed; the sweep delivers the pending email once.
    with django_capture_on_commit_callbacks(execute=True):
        digest_send_batch(users=[world["amina"]], frequency=DigestFrequency.DAILY, force=True)
    outbox_sweep_task()
    outbox_sweep_task()
    assert len(mail.outbox) == 1


def test_a_muted_community_stays_out_of_the_digest(world):
    from communities.models import Membership, NotificationLevel

    Membership.objects.filter(user=world["amina"]).update(notification_level=NotificationLevel.MUTE)
    stats = digest_send_batch(users=[world["amina"]], frequency=DigestFrequency.DAILY, force=True)
    assert stats["sent"] == 0 and mail.outbox == []


def test_banned_or_left_members_get_no_digest(world):
    world["amina"].memberships.update(status=MembershipStatus.BANNED)
    stats = digest_send_batch(users=[world["amina"]], frequency=DigestFrequency.DAILY, force=True)
    assert stats["sent"] == 0 and mail.outbox == []


def test_digest_arrives_at_the_members_local_morning():
    amina = UserFactory(timezone="Africa/Nairobi")  # UTC+3
    assert due_frequencies(amina, datetime.datetime(2026, 11, 30, 4, 10, tzinfo=UTC)) == ["daily", "weekly"]
    assert due_frequencies(amina, datetime.datetime(2026, 12, 1, 4, 10, tzinfo=UTC)) == ["daily"]
    assert due_frequencies(amina, datetime.datetime(2026, 12, 1, 3, 50, tzinfo=UTC)) == []  # 06:50 local
    # Later the same morning (a worker was down, a run was killed) the period is still due...
    assert due_frequencies(amina, datetime.datetime(2026, 12, 1, 7, 10, tzinfo=UTC)) == ["daily"]
    assert due_frequencies(amina, datetime.datetime(2026, 11, 30, 14, 0, tzinfo=UTC)) == ["daily", "weekly"]
    # ...until the catch-up window (12 hours by default) closes.
    assert due_frequencies(amina, datetime.datetime(2026, 12, 1, 16, 10, tzinfo=UTC)) == []
    lima = UserFactory(timezone="America/Lima")  # UTC-5: the local date is still the day before
    local = datetime.datetime(2026, 12, 1, 2, 0, tzinfo=UTC).astimezone(datetime.timezone(datetime.timedelta(hours=-5)))
    assert period_key("daily", local) == "daily:2026-11-30"
    assert due_frequencies(lima, datetime.datetime(2026, 12, 1, 12, 5, tzinfo=UTC)) == ["daily"]


def test_digests_send_due_honours_local_time(world, django_capture_on_commit_callbacks):
    amina = world["amina"]
    amina.timezone = "UTC"
    amina.save(update_fields=["timezone"])
    world["kofi"].memberships.update(digest_frequency=DigestFrequency.OFF)
    for not_yet_or_too_late in (5, 20):
        assert digests_send_due(now=timezone.now().replace(hour=not_yet_or_too_late)).get("sent", 0) == 0
    assert mail.outbox == []
    now = timezone.now()
    morning = now.replace(hour=7, minute=5, second=0, microsecond=0)
    if morning - datetime.timedelta(minutes=5) <= now:  # the next 07:00 UTC ends the digest's span
        morning += datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        stats = digests_send_due(now=morning)
    assert stats.get("sent") == 1


def test_digest_queries_do_not_grow_with_members(make_community, join, django_assert_max_num_queries):
    community = make_community()
    author = UserFactory()
    for n in range(5):
        make_thread(community, author, title=f"Thread {n}", replies=2)

    def members(count):
        users = [UserFactory() for _ in range(count)]
        for u in users:
            join(u, community, digest_frequency=DigestFrequency.DAILY)
        return users

    small, large = members(3), members(30)
    with django_assert_max_num_queries(8 + 3 * 5):
        digest_send_batch(users=small, frequency=DigestFrequency.DAILY, force=True)
    DigestRun.objects.all().delete()
    with django_assert_max_num_queries(8 + 30 * 5):
        digest_send_batch(users=large, frequency=DigestFrequency.DAILY, force=True)


def test_notifications_sent_to_the_digest_appear_in_it(world, django_capture_on_commit_callbacks):
    from notifications.models import NotificationKind
    from notifications.services import notify

    ReadState.objects.create(user=world["amina"], thread=world["fresh"], last_read_number=4)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=world["amina"],
            kind=NotificationKind.WATCHED_REPLY,
            text="Kofi posted in “Seasonal forecasts”",
            url="/c/x/t/1-s/#p4",
        )
    assert mail.outbox == []  # watched replies wait for the digest by default
    with django_capture_on_commit_callbacks(execute=True):
        stats = digest_send_batch(users=[world["amina"]], frequency=DigestFrequency.DAILY, force=True)
    assert stats["sent"] == 1
    assert "Kofi posted in “Seasonal forecasts”" in mail.outbox[0].body


def test_digest_shows_the_opening_post_as_plain_text(world, django_capture_on_commit_callbacks):
    from markup import render_markdown

    body = "Rain < forecast & snake_case > *all*"
    world["fresh"].posts.filter(number=1).update(body=body, body_html=render_markdown(body))
    with django_capture_on_commit_callbacks(execute=True):
        digest_send_batch(users=[world["amina"]], frequency=DigestFrequency.DAILY, force=True)
    message = mail.outbox[0]
    assert "Rain < forecast & snake_case > all" in message.body
    assert "Rain &lt; forecast &amp; snake_case &gt; all" in message.alternatives[0][0]


@pytest.mark.django_db
def test_a_digest_run_missed_at_seven_is_made_up_later_that_morning_with_the_same_content(
    make_community, join, django_capture_on_commit_callbacks
):
    amina, kofi = UserFactory(timezone="UTC"), UserFactory()
    community = make_community(name="Drylands")
    join(amina, community, digest_frequency=DigestFrequency.DAILY)
    morning = (timezone.now() + datetime.timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)
    make_thread(community, kofi, title="Before the digest", created_at=morning - datetime.timedelta(hours=2))
    make_thread(community, kofi, title="After the digest", created_at=morning + datetime.timedelta(hours=1))
    # The 07:00 run was killed before it committed anything; the run at 09:30 makes it up.
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send_due(now=morning + datetime.timedelta(hours=2, minutes=30))["sent"] == 1
        assert digests_send_due(now=morning + datetime.timedelta(hours=2, minutes=40)).get("sent", 0) == 0
    assert DigestRun.objects.get(user=amina).period == f"daily:{morning.date().isoformat()}"
    (message,) = mail.outbox
    assert "Before the digest" in message.body and "After the digest" not in message.body

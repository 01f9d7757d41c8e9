"""The weekly summary goes through the outbox: one mail per moderator, in their language, with a
link from SITE_URL; an SMTP outage delays it, never loses it."""

import pytest
from django.core import mail
from django.urls import reverse

from communities.models import Membership, MembershipStatus, Role
from outbox.models import DeliveryStatus, EmailDelivery
from outbox.tests.outage import smtp_down, sweep_later
from reports.models import ReportSnapshot, SnapshotStatus

pytestmark = pytest.mark.django_db


def test_weekly_summary_survives_an_smtp_outage_and_is_sent_once_after(world, django_capture_on_commit_callbacks):
    from reports.tasks import report_generate_task, reports_weekly_task

    french = world.b
    french.preferred_language = "fr"
    french.save(update_fields=["preferred_language"])
    Membership.objects.filter(user=french, community=world.community).update(role=Role.MODERATOR)
    with smtp_down(), django_capture_on_commit_callbacks(execute=True):
        reports_weekly_task()  # the task succeeds while the mail server is down
    snapshot = ReportSnapshot.objects.get(community=world.community, weekly=True)
    assert snapshot.status == SnapshotStatus.DONE
    rows = EmailDelivery.objects.filter(source=f"weekly_summary:{snapshot.pk}")
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted([world.a.pk, french.pk])
    assert all(r.status == DeliveryStatus.PENDING and r.attempts == 1 for r in rows) and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        report_generate_task(snapshot.pk)  # a redelivered task message adds no second copy
    assert rows.count() == 2
    sweep_later()
    sent = {m.to[0]: m for m in mail.outbox if "Wetlands" in m.subject}
    assert sorted(sent) == sorted([world.a.email, french.email])  # each once, to one address
    assert sent[world.a.email].subject == "[Action Hub] Weekly engagement: Wetlands"
    path = reverse("reports:community", args=["wetlands"])
    assert f"http://127.0.0.1:8000{path}" in sent[world.a.email].body
    assert f"http://127.0.0.1:8000/fr{path}" in sent[french.email].body


def test_weekly_summary_skips_inactive_and_left_moderators(world, django_capture_on_commit_callbacks):
    from reports.tasks import reports_weekly_task

    Membership.objects.filter(user=world.a, community=world.community).update(status=MembershipStatus.LEFT)
    with django_capture_on_commit_callbacks(execute=True):
        reports_weekly_task()
    assert not [m for m in mail.outbox if "Wetlands" in m.subject]

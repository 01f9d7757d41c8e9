import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Membership, MembershipStatus, Role, Visibility
from reports import services
from reports.models import ReportSnapshot, SnapshotStatus
from reports.tests.conftest import T0

pytestmark = pytest.mark.django_db


def _role_user(world, role):
    if role == "anonymous":
        return None
    if role == "staff":
        return UserFactory(is_staff=True)
    user = UserFactory()
    if role in ("member", "moderator", "owner", "banned"):
        Membership.objects.create(
            user=user,
            community=world.community,
            role={"moderator": Role.MODERATOR, "owner": Role.OWNER}.get(role, Role.MEMBER),
            status=MembershipStatus.BANNED if role == "banned" else MembershipStatus.ACTIVE,
        )
    if role == "other-moderator":
        Membership.objects.create(user=user, community=world.other, role=Role.MODERATOR, status=MembershipStatus.ACTIVE)
    return user


# Expected status per role x visibility for the community dashboard, its CSV and generate.
COMMUNITY_MATRIX = {
    # role:            public, private, hidden
    "anonymous": (302, 302, 302),
    "outsider": (403, 404, 404),
    "other-moderator": (403, 404, 404),
    "banned": (404, 404, 404),
    "member": (403, 403, 403),
    "moderator": (200, 200, 200),
    "owner": (200, 200, 200),
    "staff": (200, 200, 200),
}


@pytest.mark.parametrize("role", COMMUNITY_MATRIX)
@pytest.mark.parametrize(
    "index,visibility", list(enumerate([Visibility.PUBLIC, Visibility.PRIVATE, Visibility.HIDDEN]))
)
def test_community_report_permission_matrix(client, world, role, index, visibility):
    world.community.visibility = visibility
    world.community.save(update_fields=["visibility"])
    user = _role_user(world, role)
    if user:
        client.force_login(user)
    expected = COMMUNITY_MATRIX[role][index]
    slug = world.community.slug
    assert client.get(reverse("reports:community", args=[slug])).status_code == expected
    assert client.get(reverse("reports:community-csv", args=[slug])).status_code == expected
    response = client.post(reverse("reports:community-generate", args=[slug]))
    assert response.status_code == (302 if expected == 200 else expected)
    snapshot = ReportSnapshot.objects.first()
    progress = client.get(reverse("reports:snapshot-progress", args=[snapshot.pk])) if snapshot else None
    if expected == 200:
        assert snapshot is not None and progress.status_code == 200
    else:
        assert snapshot is None


def test_missing_community_is_the_same_404_as_a_hidden_one(client, world):
    client.force_login(UserFactory())
    world.community.visibility = Visibility.HIDDEN
    world.community.save(update_fields=["visibility"])
    hidden = client.get(reverse("reports:community", args=[world.community.slug]))
    missing = client.get(reverse("reports:community", args=["no-such-community"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


@pytest.mark.parametrize("role,expected", [("anonymous", 302), ("member", 404), ("moderator", 404), ("staff", 200)])
def test_platform_report_is_staff_only(client, world, role, expected):
    user = _role_user(world, role)
    if user:
        client.force_login(user)
    assert client.get(reverse("reports:platform")).status_code == expected
    assert client.get(reverse("reports:platform-csv")).status_code == expected
    response = client.post(reverse("reports:platform-generate"))
    assert response.status_code == (302 if expected == 200 else expected)


@pytest.mark.parametrize("role", ["anonymous", "member", "moderator", "staff"])
def test_index_lists_only_reportable_communities(client, world, role):
    user = _role_user(world, role)
    if user:
        client.force_login(user)
    response = client.get(reverse("reports:index"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    listed = world.community.name.encode() in response.content
    assert listed is (role in ("moderator", "staff"))


def test_generate_runs_in_the_background_and_the_page_shows_progress_then_results(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:community-generate", args=[world.community.slug]), HTTP_HX_REQUEST="true"
        )
    assert b"Generating the report" in response.content
    assert response.status_code == 200
    snapshot = ReportSnapshot.objects.get()
    # Celery runs eagerly in tests: the report is done once the request's transaction commits.
    assert snapshot.status == SnapshotStatus.DONE
    progress = client.get(reverse("reports:snapshot-progress", args=[snapshot.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Redirect"] == reverse("reports:community", args=[world.community.slug])
    page = client.get(reverse("reports:community", args=[world.community.slug]))
    assert b"Who replies to whom" in page.content and b"<svg" in page.content


def test_pending_snapshot_progress_polls(client, world):
    client.force_login(world.a)
    snapshot = ReportSnapshot.objects.create(
        community=world.community, period_start=world.start, period_end=world.end, progress=40
    )
    response = client.get(reverse("reports:snapshot-progress", args=[snapshot.pk]), HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 1s"' in response.content and b"40%" in response.content
    assert "HX-Redirect" not in response


def test_generate_requires_csrf(csrf_client, world):
    csrf_client.force_login(world.a)
    assert csrf_client.post(reverse("reports:community-generate", args=[world.community.slug])).status_code == 403
    assert ReportSnapshot.objects.count() == 0


def test_generate_is_rate_limited(client, world):
    client.force_login(world.a)
    url = reverse("reports:community-generate", args=[world.community.slug])
    with time_machine.travel("2026-06-01 10:00:05+00:00", tick=False):  # no window roll-over mid-test
        statuses = [client.post(url, HTTP_HX_REQUEST="true").status_code for _ in range(8)]
    assert statuses[:6] == [200] * 6
    assert statuses[-1] == 429


def test_csv_export_has_metrics_history_and_no_formula_injection(client, world):
    world.b.display_name = "=HYPERLINK(evil)"
    world.b.save(update_fields=["display_name"])
    snapshot = ReportSnapshot.objects.create(
        community=world.community, period_start=world.start, period_end=world.end, weekly=True
    )
    services.report_generate(snapshot_id=snapshot.pk)
    client.force_login(world.a)
    response = client.get(reverse("reports:community-csv", args=[world.community.slug]))
    text = response.content.decode()
    assert response["Content-Disposition"].startswith("attachment")
    assert "response_rate,0.5" in text
    assert "median_hours_to_first_reply,10.0" in text
    assert "newcomer_without_reply,Nadia Newcomer" in text
    assert "=HYPERLINK" not in text.replace("'=HYPERLINK", "")


def test_dashboard_query_count_is_fixed(client, world, django_assert_max_num_queries):
    client.force_login(world.a)
    for weeks in range(1, 4):
        end = T0 - datetime.timedelta(weeks=weeks)
        snap = ReportSnapshot.objects.create(
            community=world.community, period_start=end - datetime.timedelta(days=7), period_end=end, weekly=True
        )
        services.report_generate(snapshot_id=snap.pk)
    # 7 for the page; the rest is the site chrome (session, user, moderator nav counts).
    with django_assert_max_num_queries(12):
        client.get(reverse("reports:community", args=[world.community.slug]))
    for weeks in range(4, 14):
        end = T0 - datetime.timedelta(weeks=weeks)
        snap = ReportSnapshot.objects.create(
            community=world.community, period_start=end - datetime.timedelta(days=7), period_end=end, weekly=True
        )
        services.report_generate(snapshot_id=snap.pk)
    # 7 for the page; the rest is the site chrome (session, user, moderator nav counts).
    with django_assert_max_num_queries(12):
        client.get(reverse("reports:community", args=[world.community.slug]))


def test_weekly_reports_once_per_week_and_summary_to_moderators(world, django_capture_on_commit_callbacks):
    from reports.tasks import reports_weekly_task

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reports_weekly_task()
    first = ReportSnapshot.objects.count()
    assert first == 3  # platform + two communities
    with django_capture_on_commit_callbacks(execute=True):
        reports_weekly_task()
    assert ReportSnapshot.objects.count() == first
    assert ReportSnapshot.objects.filter(status=SnapshotStatus.DONE).count() == first
    summaries = [m for m in mail.outbox if "Weekly engagement: Wetlands" in m.subject]
    assert len(summaries) == 1
    assert summaries[0].to == [world.a.email]


def test_demo_reports_are_generated_once(world):
    import io

    from reports import demo

    demo.seed(stdout=io.StringIO())
    made = ReportSnapshot.objects.filter(weekly=True).count()
    assert made == 3 * demo.WEEKS  # the platform and the two world communities
    assert not ReportSnapshot.objects.exclude(status=SnapshotStatus.DONE).exists()
    demo.seed(stdout=io.StringIO())
    assert ReportSnapshot.objects.filter(weekly=True).count() == made

"""Each step of the design programme, end to end through the HTTP views."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Invitation, Membership
from discussions.models import Thread
from notifications.tests.helpers import committed, requests_commit  # noqa: F401  (a fixture)
from training.models import (
    CharterStatus,
    CharterVersion,
    Consultation,
    DesignProgramme,
    IntakeQuestionnaire,
    ProgrammeStage,
    StepStatus,
)
from training.tests.factories import GoodCaseFactory, MilestoneFactory, complete_workspaces

# Each request ends as if committed: the notifications it scheduled have been written.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("requests_commit")]


def test_step1_proposal_to_tailored_training(client, leader, admin):
    client.force_login(leader)
    response = client.post(
        reverse("training:propose"),
        {"kind": "new", "organisation": "Nile Basin Initiative", "proposed_name": "Nile Hydromet Practitioners",
         "topic": "Hydrological data sharing", "summary": "Hydromet services want to share forecasting practice."},
    )  # fmt: skip
    programme = DesignProgramme.objects.get(proposed_name="Nile Hydromet Practitioners")
    assert response.status_code == 302 and response.url == programme.get_absolute_url()
    assert programme.stage == ProgrammeStage.PROPOSED and list(programme.leaders.all()) == [leader]
    assert admin.notifications.filter(text__contains="Nile Hydromet Practitioners").exists()
    # The proposer follows the status.
    assert "Nile Hydromet Practitioners" in client.get(reverse("training:propose")).content.decode()
    assert client.get(programme.get_absolute_url()).status_code == 200

    expert = UserFactory(email="amina.expert@example.org")
    client.force_login(admin)
    response = client.post(
        reverse("training:programme-people", args=[programme.pk]),
        {"leaders": leader.email, "experts": expert.email},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.stage == ProgrammeStage.PREPARATORY
    assert list(programme.experts.all()) == [expert]

    client.force_login(leader)
    response = client.post(
        reverse("training:intake", args=[programme.pk]),
        {"motivation": "Forecasts differ across borders.", "purpose": "A shared practice.",
         "audience": "Hydromet officers", "expectations": "A trained team"},
    )  # fmt: skip
    assert response.status_code == 302
    assert IntakeQuestionnaire.objects.get(programme=programme).submitted_at is not None
    # Leaders cannot record consultations or tailor.
    assert client.get(reverse("training:consultation-create", args=[programme.pk])).status_code == 403

    client.force_login(expert)
    response = client.post(
        reverse("training:consultation-create", args=[programme.pk]),
        {"held_on": "2027-01-12", "participants": "Two leaders, one expert", "motivation": "Cross-border trust",
         "limitations": "Data policies limit what can be shared"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Consultation.objects.get(programme=programme).limitations.startswith("Data policies")
    response = client.post(
        reverse("training:tailor", args=[programme.pk]),
        {"modules": ["systems", "network", "roles", "activities"], "days": "2", "notes": "Focus on data flows"},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.stage == ProgrammeStage.TRAINING
    assert programme.preparatory_status == StepStatus.DONE and programme.training_days == 2
    page = client.get(reverse("training:agenda", args=[programme.pk])).content.decode()
    assert "Day 2" in page and "Systems Change Tool" in page and "Good Cases" not in page


def _add(client, programme, module, kind, data, htmx=False):
    url = reverse("training:workspace-item-add", args=[programme.pk, module, kind])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url, data, **headers)


def test_step2_workspaces_charter_versions_and_approval(client, programme, leader, expert):
    client.force_login(leader)
    assert _add(client, programme, "systems", "element", {"category": "actor", "name": "Fishers"}).status_code == 302
    _add(client, programme, "systems", "element", {"category": "water", "name": "Lake Victoria"})
    fishers, lake = programme.system_elements.order_by("pk")
    response = _add(client, programme, "systems", "link",
                    {"source": fishers.pk, "target": lake.pk, "link_type": "uses"}, htmx=True)  # fmt: skip
    assert response.status_code == 200 and "<svg" in response.content.decode()
    for name in ("Ann", "Ben", "Chu"):
        _add(client, programme, "network", "node", {"name": name, "node_kind": "person", "sector": "government"})
    ann, ben, chu = programme.network_nodes.order_by("name")
    _add(client, programme, "network", "tie", {"source": ann.pk, "target": ben.pk, "platform": "WhatsApp"})
    _add(client, programme, "network", "tie", {"source": ben.pk, "target": chu.pk})
    page = client.get(reverse("training:workspace", args=[programme.pk, "network"])).content.decode()
    assert "Invite first:" in page and "Ben" in page
    _add(client, programme, "value", "expectation", {"cycle": "applied", "expected_value": "Protocols reused"})
    _add(client, programme, "roles", "role",
         {"role": "convenor", "person_name": "Leader", "email": leader.email, "hours_per_week": "4",
          "responsibilities": "Convenes"})  # fmt: skip
    _add(client, programme, "activities", "activity",
         {"kind": "webinar", "title": "Launch webinar", "starts_on": "2027-03-01", "owner": "Leader",
          "format": "online"})  # fmt: skip
    case = GoodCaseFactory()
    _add(client, programme, "cases", "caselink", {"case": case.pk, "note": "Mobile-first"})
    assert programme.case_links.count() == 1

    charter_url = reverse("training:charter", args=[programme.pk])
    response = client.post(charter_url, {"description": "Lake officers compare methods.",
                                         "objectives": "Shared protocol", "topics": "lakes", "assemble": "1"})  # fmt: skip
    v1 = CharterVersion.objects.get(programme=programme, number=1)
    assert response.status_code == 302 and response.url == v1.get_absolute_url()
    assert "Shared protocol" in v1.text and "Launch webinar" in v1.text and "Leader" in v1.text
    # Assembling again without changes makes no new version.
    client.post(reverse("training:charter-assemble", args=[programme.pk]))
    assert programme.charter_versions.count() == 1
    client.post(charter_url, {"description": "Lake officers compare methods.",
                              "objectives": "Shared protocol\nEarly warnings in 48 hours", "assemble": "1"})  # fmt: skip
    diff = client.get(reverse("training:charter-diff", args=[programme.pk]), {"a": 1, "b": 2}).content.decode()
    assert "Added line: </span><ins>2. Early warnings in 48 hours</ins>" in diff
    assert "&nbsp;" not in diff

    v2 = programme.charter_versions.get(number=2)
    assert client.post(reverse("training:charter-submit", args=[programme.pk, 2])).status_code == 302
    v2.refresh_from_db()
    assert v2.status == CharterStatus.SUBMITTED
    # Leaders cannot review their own charter.
    review_url = reverse("training:charter-review", args=[programme.pk, 2])
    assert client.post(review_url, {"decision": "approve"}).status_code == 403

    client.force_login(expert)
    response = client.post(review_url, {"decision": "changes", "comment": ""})
    assert response.status_code == 400 and "Tell the leaders what to change." in response.content.decode()
    client.post(review_url, {"decision": "changes", "comment": "Name a moderator."})
    v2.refresh_from_db()
    assert v2.status == CharterStatus.CHANGES and v2.comments.get().body == "Name a moderator."

    client.force_login(leader)
    _add(client, programme, "roles", "role",
         {"role": "moderator", "email": "new.moderator@example.org", "hours_per_week": "2",
          "responsibilities": "Moderates"})  # fmt: skip
    client.post(reverse("training:charter-assemble", args=[programme.pk]))
    client.post(reverse("training:charter-submit", args=[programme.pk, 3]))
    client.force_login(expert)
    client.post(reverse("training:charter-review", args=[programme.pk, 3]), {"decision": "approve"})
    assert programme.charter_versions.get(number=3).status == CharterStatus.APPROVED
    programme.refresh_from_db()
    assert programme.training_status == StepStatus.DONE
    # Print page and PDF.
    page = client.get(reverse("training:charter-version", args=[programme.pk, 3]))
    assert page.status_code == 200 and b"Download PDF" in page.content
    pdf = client.get(reverse("training:charter-pdf", args=[programme.pk, 3]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_launch_creates_community_roles_invitations_and_pinned_thread(
    client, programme, leader, expert, admin, django_capture_on_commit_callbacks
):
    moderator = UserFactory(email="mod@example.org")
    complete_workspaces(programme, convenor_email=leader.email, moderator_email=moderator.email,
                        member_email="no.account@example.org")  # fmt: skip
    from training import services

    version = services.charter_assemble(actor=leader, programme=programme)
    services.charter_submit(actor=leader, version=version)
    services.charter_review(actor=expert, version=version, approve=True)
    # Experts approve, but only staff admins launch.
    client.force_login(expert)
    assert client.post(reverse("training:launch", args=[programme.pk])).status_code == 403
    client.force_login(admin)
    assert client.get(reverse("training:launch", args=[programme.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training:launch", args=[programme.pk]))
    programme.refresh_from_db()
    community = programme.community
    assert response.status_code == 302 and response.url == community.get_absolute_url()
    assert community.name == programme.proposed_name
    assert "compare lake monitoring" in community.description
    assert set(community.topics.names()) == {"water quality", "fisheries"}
    roles = dict(Membership.objects.filter(community=community, status="active").values_list("user__email", "role"))
    assert roles[leader.email] == "owner" and roles[moderator.email] == "moderator"
    invitation = Invitation.objects.get(community=community)
    assert invitation.email == "no.account@example.org" and invitation.role == "member"
    assert any("no.account@example.org" in m.to for m in mail.outbox)
    thread = Thread.objects.get(community=community)
    assert thread.is_pinned and thread.title == "Welcome and charter"
    assert "Publish a shared monitoring protocol" in thread.posts.get(number=1).body
    assert programme.stage == ProgrammeStage.LAUNCHED and programme.support_status == StepStatus.IN_PROGRESS
    # The activity plan is on the community.
    plan = client.get(reverse("training:community-plan", args=[community.slug]))
    assert plan.status_code == 200 and "Launch webinar" in plan.content.decode()
    # A second launch is refused.
    client.post(reverse("training:launch", args=[programme.pk]))
    assert DesignProgramme.objects.get(pk=programme.pk).community_id == community.pk


def test_step3_milestones_and_staff_advice(client, programme, leader, expert):
    client.force_login(leader)
    url = reverse("training:followup", args=[programme.pk])
    response = client.post(url, {"title": "First newsletter", "due_on": "2027-04-01", "owner": leader.pk,
                                 "status": "planned"})  # fmt: skip
    assert response.status_code == 302
    milestone = programme.milestones.get()
    client.post(reverse("training:milestone-edit", args=[programme.pk, milestone.pk]),
                {"title": "First newsletter", "due_on": "2027-04-01", "owner": leader.pk, "status": "done",
                 "evidence": "Sent to 120 members"})  # fmt: skip
    milestone.refresh_from_db()
    assert milestone.status == "done" and milestone.evidence == "Sent to 120 members"
    client.force_login(expert)
    client.post(reverse("training:comment-add", args=[programme.pk]),
                {"body": "Great start; add a survey.", "milestone": milestone.pk})  # fmt: skip
    assert programme.comments.get().body == "Great start; add a survey."
    assert programme.comments.get().milestone == milestone
    other = MilestoneFactory()
    refused = client.post(reverse("training:comment-add", args=[programme.pk]), {"body": "x", "milestone": other.pk})
    assert refused.status_code == 400 and programme.comments.count() == 1
    assert leader.notifications.filter(text__contains="commented").exists()
    page = client.get(url).content.decode()
    assert "Great start" in page and "100%" in page


def test_proposal_kept_through_login(client, leader):
    data = {"kind": "co_convene", "organisation": "Sahel Water Network", "proposed_name": "Sahel Wells",
            "topic": "Groundwater", "summary": "We would co-convene."}  # fmt: skip
    response = client.post(reverse("training:propose"), data)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(leader)
    page = client.get(reverse("training:propose")).content.decode()
    assert "Sahel Water Network" in page and "we kept what you typed" in page
    # The kept form is bound again: the missing community is explained.
    assert "Choose the community you would like to co-convene." in page


def test_session_created_invites_leaders_and_lists_upcoming(client, programme, leader, expert):
    client.force_login(expert)
    response = client.post(reverse("training:session-create", args=[programme.pk]),
                           {"title": "Day 1: systems and networks", "day": 1, "starts_at": "2030-05-04T08:00",
                            "duration_minutes": 180, "link": "https://meet.example.org/day1"})  # fmt: skip
    assert response.status_code == 302
    assert leader.notifications.filter(text__contains="Day 1: systems and networks").exists()
    session = programme.sessions.get()
    client.post(reverse("training:attendance", args=[programme.pk, session.pk]), {"present": [leader.pk]})
    assert session.attendances.get(user=leader).present
    client.force_login(leader)
    assert "Day 1: systems and networks" in client.get(reverse("training:sessions")).content.decode()


def test_milestone_due_date_decides_the_reminder_window_and_overdue(programme):
    from training.models import MilestoneStatus
    from training.services.milestones import REMIND_DAYS_BEFORE, milestones_due_for_reminder, milestones_newly_overdue

    today = datetime.date(2030, 5, 10)
    due = {
        days: MilestoneFactory(programme=programme, due_on=today + datetime.timedelta(days=days))
        for days in (-1, 0, REMIND_DAYS_BEFORE, REMIND_DAYS_BEFORE + 1)
    }
    done = MilestoneFactory(programme=programme, due_on=today - datetime.timedelta(days=1), status=MilestoneStatus.DONE)
    assert set(milestones_due_for_reminder(today)) == {due[0], due[REMIND_DAYS_BEFORE]}
    assert set(milestones_newly_overdue(today)) == {due[-1]}
    assert [m.is_overdue(today) for m in (due[-1], due[0], done)] == [True, False, False]


def test_upcoming_sessions_include_lists_open_sessions_for_moderators_only(rf, programme, leader, admin):
    from django.template.loader import render_to_string

    from communities.tests.factories import CommunityFactory
    from training import services

    moderator = UserFactory()
    Membership.objects.create(user=moderator, community=CommunityFactory(), role="moderator", status="active")
    plain = UserFactory()
    with committed():
        services.session_create(actor=admin, programme=None, data={
            "title": "Handling heated threads", "starts_at": datetime.datetime(2031, 1, 5, 12, tzinfo=datetime.UTC),
            "duration_minutes": 60, "link": "https://meet.example.org/heated"})  # fmt: skip
    assert moderator.notifications.filter(text__contains="Handling heated threads").exists()
    assert leader.notifications.filter(text__contains="Handling heated threads").exists()
    assert not plain.notifications.exists()
    for user, sees in ((moderator, True), (leader, True), (plain, False)):
        request = rf.get("/")
        request.user = user
        html = render_to_string("training/_upcoming_sessions.html", request=request)
        assert ("Handling heated threads" in html) is sees


def test_launched_moderators_join_the_community_for_moderators(programme, leader, expert, admin):
    from communities.tests.factories import CommunityFactory
    from training import services

    room = CommunityFactory(kind="moderators", visibility="private", join_policy="invite")
    moderator = UserFactory(email="mod2@example.org")
    complete_workspaces(programme, convenor_email=leader.email, moderator_email=moderator.email)
    version = services.charter_assemble(actor=leader, programme=programme)
    services.charter_submit(actor=leader, version=version)
    services.charter_review(actor=expert, version=version, approve=True)
    services.programme_launch(actor=admin, programme=programme)
    assert Membership.objects.filter(community=room, user=moderator, status="active").exists()


def test_co_convene_proposal_points_at_the_existing_community(client, leader):
    from communities.tests.factories import CommunityFactory

    community = CommunityFactory(name="Groundwater Governance")
    client.force_login(leader)
    client.post(reverse("training:propose"), {"kind": "co_convene", "organisation": "Aquifer Institute",
                                              "proposed_name": "Groundwater Governance (co-convening)",
                                              "topic": "Groundwater", "summary": "We bring 40 hydrogeologists.",
                                              "existing_community": community.pk})  # fmt: skip
    programme = DesignProgramme.objects.get()
    assert programme.kind == "co_convene" and programme.existing_community == community


def test_workspace_item_and_comment_kept_when_session_expired(client, programme, leader):
    """A form sent after the session expired comes back, filled in, on the page that holds it."""
    url = reverse("training:workspace-item-add", args=[programme.pk, "systems", "element"])
    response = client.post(url, {"category": "pressure", "name": "Sand mining in the riverbed"})
    workspace_url = reverse("training:workspace", args=[programme.pk, "systems"])
    assert response.status_code == 302 and response.url.endswith("?next=" + workspace_url)
    assert not programme.system_elements.exists()
    client.force_login(leader)
    page = client.get(workspace_url).content.decode()
    assert 'value="Sand mining in the riverbed"' in page and "we kept what you typed" in page

    client.logout()
    client.post(reverse("training:comment-add", args=[programme.pk]), {"body": "Can we move the webinar?"})
    client.force_login(leader)
    page = client.get(reverse("training:followup", args=[programme.pk])).content.decode()
    assert "Can we move the webinar?" in page
    # POST-only buttons just return to their page after login.
    response = Client().post(reverse("training:charter-assemble", args=[programme.pk]))
    assert response.url.endswith("?next=" + reverse("training:charter", args=[programme.pk]))


def test_htmx_requests_after_session_expiry_do_not_swap_the_login_page(client, programme):
    poll = client.get(reverse("training:lab-checklist", args=[programme.pk]), HTTP_HX_REQUEST="true")
    assert poll.status_code == 204 and "HX-Redirect" not in poll
    url = reverse("training:workspace-item-add", args=[programme.pk, "systems", "element"])
    sent = client.post(url, {"category": "actor", "name": "Herders"}, HTTP_HX_REQUEST="true")
    assert sent.status_code == 204 and sent["HX-Redirect"].startswith("/accounts/login/?next=")
    assert client.session["training_saved_form"]["data"]["name"] == ["Herders"]


def test_staff_curate_good_cases(client, admin, leader):
    client.force_login(leader)
    assert client.post(reverse("training:case-create"), {"title": "X"}).status_code == 403
    client.force_login(admin)
    data = {"title": "Senegal River Irrigators Exchange", "slug": "senegal-irrigators", "region": "West Africa",
            "convenors": "OMVS", "summary": "Irrigators compare pump maintenance.", "design": "Two consultations.",
            "launch": "A field day.", "achievements": "Pump downtime halved.", "is_published": "on"}  # fmt: skip
    response = client.post(reverse("training:case-create"), data)
    assert response.status_code == 302 and response.url == "/programme/cases/senegal-irrigators/"
    duplicate = client.post(reverse("training:case-create"), dict(data, title="Another"))
    assert duplicate.status_code == 400 and "already exists" in duplicate.content.decode()
    response = client.post(reverse("training:case-edit", args=["senegal-irrigators"]), dict(data, region="Sahel"))
    assert response.status_code == 302
    assert "Sahel" in client.get("/programme/cases/senegal-irrigators/").content.decode()


def test_autosave_keeps_drafts_while_typing(client, programme, leader, expert):
    url = reverse("training:autosave", args=[programme.pk, "intake"])
    # Signed out (session expired): nothing saved, no redirect while typing, a clear status.
    response = client.post(url, {"motivation": "Floods"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "session has expired" in response.content.decode()
    assert not IntakeQuestionnaire.objects.exists()
    # Outsiders do not learn that the programme exists.
    client.force_login(UserFactory())
    assert client.post(url, {"motivation": "x"}).status_code == 404
    client.force_login(leader)
    response = client.post(url, {"motivation": "Floods come earlier", "purpose": "x" * 6000, "audience": ""})
    assert response.status_code == 200 and "Draft saved" in response.content.decode()
    intake = IntakeQuestionnaire.objects.get(programme=programme)
    # Valid fields are kept, the invalid (too long) one is not; the questionnaire is not submitted.
    assert intake.motivation == "Floods come earlier" and intake.purpose == "" and intake.submitted_at is None
    page = client.get(reverse("training:intake", args=[programme.pk])).content.decode()
    assert "Floods come earlier" in page
    assert "(draft saved)" in client.get(programme.get_absolute_url()).content.decode()
    charter = reverse("training:autosave", args=[programme.pk, "charter"])
    client.post(charter, {"objectives": "Share flood maps", "description": ""})
    assert programme.charter_draft.objectives == "Share flood maps"
    assert client.post(reverse("training:autosave", args=[programme.pk, "nope"])).status_code == 404
    assert client.get(url).status_code == 405


def test_workspace_item_edit(client, programme, leader):
    from training.models import Activity

    activity = Activity.objects.create(programme=programme, kind="webinar", title="Kick-off",
                                       starts_on=datetime.date(2027, 1, 10), owner="Ann")  # fmt: skip
    url = reverse("training:workspace-item-edit", args=[programme.pk, "activities", "activity", activity.pk])
    client.force_login(leader)
    assert "Kick-off" in client.get(url).content.decode()
    bad = client.post(url, {"kind": "webinar", "title": "", "starts_on": "2027-01-10", "owner": "Ann",
                            "format": "online"})  # fmt: skip
    assert bad.status_code == 400
    response = client.post(url, {"kind": "peer_assist", "title": "Peer assist on sluice gates",
                                 "starts_on": "2027-01-12", "owner": "Ann", "format": "hybrid"})  # fmt: skip
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Peer assist on sluice gates" and activity.format == "hybrid"
    # Another programme's row is not reachable through this one.
    other = Activity.objects.create(programme=DesignProgramme.objects.create(organisation="O", proposed_name="P",
                                                                             topic="T"),
                                    kind="webinar", title="Theirs", starts_on=datetime.date(2027, 1, 1), owner="X")  # fmt: skip
    other_url = reverse("training:workspace-item-edit", args=[programme.pk, "activities", "activity", other.pk])
    assert client.get(other_url).status_code == 404


def test_staff_pick_up_a_proposal(client, leader, admin):
    from training import services

    programme = services.programme_propose(actor=leader, organisation="Aral Sea Basin Forum",
                                           proposed_name="Aral Irrigation Efficiency", topic="Irrigation")  # fmt: skip
    client.force_login(admin)
    assert "Pick up this proposal" in client.get(programme.get_absolute_url()).content.decode()
    client.post(reverse("training:programme-pick-up", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.stage == ProgrammeStage.PREPARATORY and list(programme.experts.all()) == [admin]
    assert leader.notifications.filter(text__contains="picked up your proposal").exists()
    again = client.post(reverse("training:programme-pick-up", args=[programme.pk]), follow=True)
    assert "already picked up" in again.content.decode()

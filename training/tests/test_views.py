"""Page contents, insights and query counts at two data sizes."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.tests.factories import CommunityFactory
from discussions.models import Post, Thread
from training.models import CharterVersion, ProgrammeStage
from training.selectors import engagement
from training.tests.factories import DesignProgrammeFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def _make(n, leader, expert):
    for i in range(n):
        community = CommunityFactory()
        programme = DesignProgrammeFactory(leaders=[leader, UserFactory()], experts=[expert], community=community,
                                           stage=ProgrammeStage.LAUNCHED)  # fmt: skip
        MilestoneFactory(programme=programme, status="done")
        MilestoneFactory(programme=programme)
        CharterVersion.objects.create(programme=programme, number=1, text="x",
                                      content={"objectives": [f"Objective {i}"]}, status="approved")  # fmt: skip
        thread = Thread.objects.create(community=community, author=leader, title="Dry season allocation")
        Post.objects.create(thread=thread, number=1, author=leader, body="First")


@pytest.mark.parametrize("route", ["programme-list", "insights"])
def test_list_pages_query_count_does_not_grow(client, admin, leader, expert, route, django_assert_max_num_queries):
    client.force_login(admin)
    url = reverse(f"training:{route}")
    _make(2, leader, expert)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    _make(8, leader, expert)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("route", ["programme-detail", "agenda", "followup", "charter"])
def test_programme_pages_query_count_does_not_grow(client, programme, leader, route, django_assert_max_num_queries):
    client.force_login(leader)
    url = reverse(f"training:{route}", args=[programme.pk])
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    for _ in range(6):
        MilestoneFactory(programme=programme)
        programme.leaders.add(UserFactory())
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_insights_show_engagement_against_objectives(client, admin, leader, expert):
    _make(1, leader, expert)
    client.force_login(admin)
    response = client.get(reverse("training:insights"))
    row = response.context["rows"][0]
    assert row["engagement"]["threads"] == 1 and row["engagement"]["posts"] == 1
    assert row["engagement"]["active_members"] == 1 and row["progress"] == 50
    assert row["objectives"] == ["Objective 0"]
    assert engagement(row["programme"].community)["posts"] == 1
    assert "Objective 0" in response.content.decode()


def test_workspace_pages_render_for_every_module(client, programme, leader):
    client.force_login(leader)
    for module in programme.modules:
        response = client.get(reverse("training:workspace", args=[programme.pk, module]))
        assert response.status_code == 200, module


def test_start_a_community_call_to_action_on_site_pages(client):
    for name in ("home", "about", "contact"):
        assert reverse("training:propose") in client.get(reverse(name)).content.decode(), name


def test_a_launched_community_header_links_to_its_plan_and_stories(client, leader, expert):
    from communities.tests.factories import MembershipFactory

    community = CommunityFactory(visibility="private")
    programme = DesignProgrammeFactory(leaders=[leader], experts=[expert], community=community,
                                       stage=ProgrammeStage.LAUNCHED)  # fmt: skip
    member, outsider = UserFactory(), UserFactory()
    MembershipFactory(user=member, community=community)
    url = reverse("communities:detail", kwargs={"slug": community.slug})
    plan = reverse("training:community-plan", kwargs={"slug": community.slug})
    for user, sees_plan, sees_programme in ((member, True, False), (leader, True, True), (outsider, False, False)):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert (f'href="{plan}"' in html) == sees_plan, user
        assert (f'href="{programme.get_absolute_url()}"' in html) == sees_programme, user
    client.force_login(member)
    other = CommunityFactory()
    assert (
        "Activity plan" not in client.get(reverse("communities:detail", kwargs={"slug": other.slug})).content.decode()
    )

"""A launch writes the community's charter through communities' own service."""

from accounts.tests.factories import UserFactory
from communities import services as community_services
from communities.models import Community
from training import services
from training.services import launch
from training.tests.factories import complete_workspaces


def test_launch_sets_the_charter_through_community_set_charter(programme, leader, expert, admin, monkeypatch):
    calls = []
    real = community_services.community_set_charter

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(launch, "community_set_charter", spy)  # the name the launch service calls
    complete_workspaces(programme, convenor_email=leader.email, moderator_email=UserFactory().email)
    version = services.charter_assemble(actor=leader, programme=programme)
    services.charter_submit(actor=leader, version=version)
    services.charter_review(actor=expert, version=version, approve=True)
    community = services.programme_launch(actor=admin, programme=programme)
    assert [(c["actor"], c["community"].pk) for c in calls] == [(admin, community.pk)]
    charter = Community.objects.get(pk=community.pk).charter_html
    assert "Publish a shared monitoring protocol" in charter and "<script" not in charter

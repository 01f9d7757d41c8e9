"""A member's activity on their profile: only what the viewer may read, in fixed queries."""

import pytest

from accounts.tests.factories import UserFactory
from communities.models import Visibility
from communities.tests.factories import CommunityFactory, MembershipFactory
from discussions import services

pytestmark = pytest.mark.django_db


def _activity(member, public, private, *, threads):
    for n in range(threads):
        services.thread_create(
            author=member, community=public, title=f"Public question {n}", body="In the open & <here>"
        )
    secret = services.thread_create(author=member, community=private, title="Budget of the secret basin", body="x")
    services.post_create(author=member, thread=secret, body="Private reply about tariffs")
    return secret


def test_profile_shows_recent_activity_and_communities_but_never_private_content(
    client, django_assert_max_num_queries, monkeypatch, settings
):
    monkeypatch.setattr("discussions.services.rules.POST_RATE", "1000/m")
    settings.NEW_MEMBER_LIMITS = {"days": 0, "accepted_posts": 0}  # not what this test is about
    member = UserFactory(display_name="Kofi Mensah", username="kofi")
    public = CommunityFactory(name="Groundwater Governance")
    private = CommunityFactory(name="Secret Basin Board", visibility=Visibility.PRIVATE)
    for community in (public, private):
        MembershipFactory(user=member, community=community)
    helper = UserFactory()
    MembershipFactory(user=helper, community=public)
    thread = services.thread_create(author=helper, community=public, title="Who measured recharge?", body="Anyone?")
    reply = services.post_create(author=member, thread=thread, body="We did, with *tracers* & wells")
    services.reaction_toggle(user=helper, post=reply, kind="like")
    _activity(member, public, private, threads=2)

    html = client.get(member.get_absolute_url()).content.decode()
    assert "Public question 1" in html and "Who measured recharge?" in html
    assert "We did, with tracers &amp; wells" in html  # plain text, escaped once
    assert "Groundwater Governance" in html
    assert "Secret Basin" not in html and "tariffs" not in html
    assert "1 reaction received" in html

    insider = UserFactory()
    MembershipFactory(user=insider, community=private)
    client.force_login(insider)
    html = client.get(member.get_absolute_url()).content.decode()
    assert "Budget of the secret basin" in html and "Secret Basin Board" in html

    client.get(member.get_absolute_url())
    with django_assert_max_num_queries(20) as small:
        client.get(member.get_absolute_url())
    _activity(member, public, private, threads=8)
    with django_assert_max_num_queries(20) as large:
        client.get(member.get_absolute_url())
    assert len(large.captured_queries) == len(small.captured_queries)


def test_last_seen_follows_the_members_choice(client):
    from django.utils import timezone

    from accounts.models import User

    member = UserFactory(username="amina")
    client.force_login(member)
    client.get("/")
    member.refresh_from_db()
    assert member.last_seen_at is not None and (timezone.now() - member.last_seen_at).total_seconds() < 60
    visitor = client.__class__()
    assert "Last seen" in visitor.get(member.get_absolute_url()).content.decode()
    User.objects.filter(pk=member.pk).update(show_online_status=False)
    assert "Last seen" not in visitor.get(member.get_absolute_url()).content.decode()

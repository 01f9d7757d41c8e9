"""Per-object checks and their queryset twins agree, for random worlds."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from communities import permissions as perms
from communities.models import Community, JoinPolicy, Membership, MembershipStatus, Role, Visibility

STATUSES = [None, *MembershipStatus.values]

community_st = st.tuples(st.sampled_from(Visibility.values), st.booleans())  # (visibility, archived)
person_st = st.tuples(
    st.booleans(),  # staff
    st.booleans(),  # active account
)


@st.composite
def worlds(draw):
    communities = draw(st.lists(community_st, min_size=1, max_size=5))
    people = draw(st.lists(person_st, min_size=1, max_size=4))
    memberships = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(people) - 1),
                st.integers(0, len(communities) - 1),
                st.sampled_from(MembershipStatus.values),
                st.sampled_from(Role.values),
            ),
            max_size=12,
            unique_by=lambda m: (m[0], m[1]),
        )
    )
    return communities, people, memberships


class _Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds())
def test_visible_and_listed_querysets_match_per_object_checks(world):
    communities_spec, people_spec, memberships_spec = world
    try:
        with transaction.atomic():
            from django.utils import timezone

            communities = [
                Community.objects.create(
                    slug=f"c{i}",
                    name=f"Community {i}",
                    visibility=visibility,
                    join_policy=JoinPolicy.OPEN,
                    archived_at=timezone.now() if archived else None,
                )
                for i, (visibility, archived) in enumerate(communities_spec)
            ]
            people = [
                User.objects.create(username=f"p{i}", email=f"p{i}@example.org", is_staff=staff, is_active=active)
                for i, (staff, active) in enumerate(people_spec)
            ]
            for person_i, community_i, status, role in memberships_spec:
                Membership.objects.create(
                    user=people[person_i], community=communities[community_i], status=status, role=role
                )
            viewers = [AnonymousUser(), *people]
            for viewer in viewers:
                visible = set(perms.communities_visible_to(viewer).values_list("pk", flat=True))
                listed = set(perms.communities_listed_for(viewer).values_list("pk", flat=True))
                moderated = set(perms.moderated_communities(viewer).values_list("pk", flat=True))
                for community in communities:
                    perms.forget_memberships(viewer)
                    assert (community.pk in visible) == perms.can_view_community(viewer, community), (viewer, community)
                    assert (community.pk in listed) == perms.can_see_community_exists(viewer, community), (
                        viewer,
                        community,
                    )
                    assert (community.pk in moderated) == perms.can_moderate_community(viewer, community), (
                        viewer,
                        community,
                    )
                    # Reading implies knowing it exists.
                    if perms.can_view_community(viewer, community):
                        assert perms.can_see_community_exists(viewer, community)
            raise _Rollback
    except _Rollback:
        pass

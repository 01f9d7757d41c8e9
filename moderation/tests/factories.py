"""Factories for moderation tests: flags, and members with a role.  Communities, threads and
posts come from their own apps' factories (communities.tests.factories,
discussions.tests.factories)."""

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.counters import members_recount
from communities.models import Membership, MembershipStatus, Role
from discussions.tests.factories import PostFactory
from moderation.models import Flag, FlagReason


def add_member(community, user=None, role=Role.MEMBER, status=MembershipStatus.ACTIVE, **kwargs):
    user = user or UserFactory()
    Membership.objects.update_or_create(
        user=user,
        community=community,
        defaults={"role": role, "status": status, "joined_at": timezone.now(), **kwargs},
    )
    if status == MembershipStatus.ACTIVE:
        members_recount([community.pk])
    from communities.permissions import forget_memberships

    forget_memberships(user)
    return user


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    post = factory.SubFactory(PostFactory)
    thread = factory.SelfAttribute("post.thread")
    community = factory.SelfAttribute("post.thread.community")
    reporter = factory.SubFactory(UserFactory)
    reason = FlagReason.SPAM

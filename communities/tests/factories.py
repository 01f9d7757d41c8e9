from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from accounts.tests.factories import UserFactory
from communities.counters import members_changed
from communities.models import Community, Invitation, Membership, MembershipStatus, Partner, Role


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Basin Practitioners Network {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    tagline = "Sharing what works in river basin management"
    description = "Practitioners from basin organisations compare notes on **allocation** and monitoring."
    description_html = "<p>Practitioners from basin organisations compare notes on <strong>allocation</strong>.</p>"
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(list(extracted))


class MembershipFactory(factory.django.DjangoModelFactory):
    """A membership row.  Active rows bump the community's member_count like the services do."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    community = factory.SubFactory(CommunityFactory)
    role = Role.MEMBER
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = super()._create(model_class, *args, **kwargs)
        if obj.status == MembershipStatus.ACTIVE:
            members_changed(obj.community, +1)
        return obj


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Regional Water Partnership {n}")
    url = "https://example.org/"
    role = "co-convenor"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    community = factory.SubFactory(CommunityFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


def make_community(visibility="public", **kwargs):
    """A community with a predictable slug and name (shared by the apps' tests)."""
    n = Community.objects.count() + 1
    return Community.objects.create(
        slug=f"cop-{n}-{visibility}", name=f"Basin CoP {n}", visibility=visibility, **kwargs
    )


def add_member(user, community, role=Role.MEMBER, status=MembershipStatus.ACTIVE):
    return Membership.objects.create(user=user, community=community, role=role, status=status)

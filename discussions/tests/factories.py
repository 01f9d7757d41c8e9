"""Factories for threads and posts (rows only; tests of behaviour go through the services)."""

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.tests.factories import CommunityFactory
from discussions.models import Post, Thread


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Groundwater monitoring network design {n}")
    slug = factory.Sequence(lambda n: f"groundwater-monitoring-network-design-{n}")
    last_post_at = factory.LazyFunction(timezone.now)
    last_poster = factory.SelfAttribute("author")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    number = factory.Sequence(lambda n: n + 1)
    author = factory.SubFactory(UserFactory)
    body = "We installed piezometers in three sub-basins."
    body_html = "<p>We installed piezometers in three sub-basins.</p>"

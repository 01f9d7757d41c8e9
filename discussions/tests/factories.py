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


def make_thread(community, author, body="Opening post", title="Sharing experiences on allocation"):
    """A thread with its opening post, made as rows (for other apps' tests that need one to point at)."""
    thread = Thread.objects.create(community=community, author=author, title=title, slug="sharing", post_count=1)
    Post.objects.create(thread=thread, number=1, author=author, body=body, body_html=f"<p>{body}</p>")
    return thread


class BookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "discussions.Bookmark"

    user = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)


class PollFactory(factory.django.DjangoModelFactory):
    """A poll with two options (``options__labels`` to choose others)."""

    class Meta:
        model = "discussions.Poll"
        skip_postgeneration_save = True

    thread = factory.SubFactory(ThreadFactory)
    question = "Which drought index do you use?"

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        from discussions.models import PollOption

        labels = kwargs.get("labels") or extracted or ("SPI", "SPEI")
        if create:
            PollOption.objects.bulk_create(
                [PollOption(poll=self, position=i, label=label) for i, label in enumerate(labels, start=1)]
            )

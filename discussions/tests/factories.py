"""Factories for threads and posts (rows only; tests of behaviour go through the services)."""

import factory
from django.db.models import Max
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.tests.factories import CommunityFactory
from discussions import counters
from discussions.models import Post, PostStatus, Thread
from markup import render_markdown


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
    """A published post, by the thread's author unless told, numbered next in its thread
    (``Thread.post_count``, the highest number handed out, follows)."""

    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    number = factory.LazyAttribute(
        lambda o: (Post.objects.filter(thread=o.thread).aggregate(m=Max("number"))["m"] or 0) + 1
    )
    author = factory.SelfAttribute("thread.author")
    body = "We installed piezometers in three sub-basins."
    body_html = "<p>We installed piezometers in three sub-basins.</p>"
    status = PostStatus.PUBLISHED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        post = super()._create(model_class, *args, **kwargs)
        Thread.objects.filter(pk=post.thread_id, post_count__lt=post.number).update(post_count=post.number)
        return post


def make_thread(
    community, author=None, *, title=None, body="Opening post", replies=0, reply_author=None, created_at=None,
    tags=(), **fields,
):  # fmt: skip
    """A thread with its published opening post and ``replies`` published replies, made as rows
    (for tests that need one to point at), its and its community's counters counted as the
    services keep them.  ``fields`` go to the thread (``is_hidden``, ``language``...)."""
    author = author or UserFactory()
    created_at = created_at or timezone.now()
    if title:
        fields["title"] = title
    thread = ThreadFactory(community=community, author=author, created_at=created_at, last_post_at=created_at, **fields)
    if tags:
        thread.tags.add(*tags)
    PostFactory(thread=thread, author=author, body=body, body_html=render_markdown(body), created_at=created_at)
    for _ in range(replies):
        PostFactory(thread=thread, author=reply_author or author, created_at=created_at)
    counters.thread_recount(thread)
    counters.community_recount(community.pk)
    thread.refresh_from_db()
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

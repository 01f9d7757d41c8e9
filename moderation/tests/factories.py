"""Factories for moderation tests (self-contained: communities, threads, posts, flags)."""

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Community, Membership, MembershipStatus, Role
from discussions.models import Post, PostStatus, Thread
from moderation.models import Flag, FlagReason


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    slug = factory.Sequence(lambda n: f"basin-{n}")
    name = factory.Sequence(lambda n: f"Basin Network {n}")
    tagline = "Practitioners managing a shared river basin"
    visibility = "public"
    join_policy = "open"


def add_member(community, user=None, role=Role.MEMBER, status=MembershipStatus.ACTIVE, **kwargs):
    user = user or UserFactory()
    Membership.objects.update_or_create(
        user=user,
        community=community,
        defaults={"role": role, "status": status, "joined_at": timezone.now(), **kwargs},
    )
    if status == MembershipStatus.ACTIVE:
        Community.objects.filter(pk=community.pk).update(
            member_count=Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE).count()
        )
    from communities.permissions import forget_memberships

    forget_memberships(user)
    return user


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Groundwater recharge monitoring question {n}")
    slug = factory.Sequence(lambda n: f"groundwater-recharge-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SelfAttribute("thread.author")
    number = factory.LazyAttribute(lambda o: Post.objects.filter(thread=o.thread).count() + 1)
    body = "We measured nitrate levels at twelve boreholes after the rainy season."
    body_html = "<p>We measured nitrate levels at twelve boreholes after the rainy season.</p>"
    status = PostStatus.PUBLISHED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        post = super()._create(model_class, *args, **kwargs)
        Thread.objects.filter(pk=post.thread_id).update(post_count=Post.objects.filter(thread=post.thread).count())
        return post


def make_thread(community, author, *, replies=0, reply_author=None, title=None):
    """A thread with its opening post and ``replies`` published replies (counters set)."""
    thread = ThreadFactory(community=community, author=author, **({"title": title} if title else {}))
    PostFactory(thread=thread, author=author)
    for _ in range(replies):
        PostFactory(thread=thread, author=reply_author or author)
    Thread.objects.filter(pk=thread.pk).update(reply_count=replies)
    Community.objects.filter(pk=community.pk).update(
        thread_count=Thread.objects.filter(community=community, is_hidden=False).count(),
        post_count=Post.objects.filter(thread__community=community).count(),
    )
    thread.refresh_from_db()
    return thread


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    post = factory.SubFactory(PostFactory)
    thread = factory.SelfAttribute("post.thread")
    community = factory.SelfAttribute("post.thread.community")
    reporter = factory.SubFactory(UserFactory)
    reason = FlagReason.SPAM

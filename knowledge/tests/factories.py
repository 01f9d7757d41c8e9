import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Community, Membership, MembershipStatus, Role, Visibility
from discussions.models import Post, Thread
from knowledge.models import CaseStatus, CaseStudy, Category, Reference, Tool


class ToolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tool

    slug = factory.Sequence(lambda n: f"tool-{n}")
    title = factory.Sequence(lambda n: f"River basin tool {n}")
    summary = "A way to share water fairly between users."
    body = "Long description of the **tool**."
    body_html = "<p>Long description of the <strong>tool</strong>.</p>"
    category = Category.MANAGEMENT_INSTRUMENTS


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    title = factory.Sequence(lambda n: f"Groundwater governance report {n}")
    authors = "A. Diallo, M. Chen"
    year = 2019
    publisher = "Water Institute"
    url = "https://example.org/report.pdf"


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    title = factory.Sequence(lambda n: f"Allocation reform in basin {n}")
    author = factory.SubFactory(UserFactory)
    countries = ["KE", "TZ"]
    river_basins = "Mara"
    region = "africa"
    period_start = 2012
    period_end = 2018
    summary = "How two countries agreed on environmental flows."
    context = "The Mara river crosses Kenya and Tanzania."
    actions = "Flow assessments, stakeholder forums."
    outcomes = "An agreed minimum flow."
    lessons = "Start with shared data."
    context_html = "<p>The Mara river crosses Kenya and Tanzania.</p>"
    status = CaseStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def make_community(visibility=Visibility.PUBLIC, **kwargs):
    n = Community.objects.count() + 1
    return Community.objects.create(
        slug=f"cop-{n}-{visibility}", name=f"Basin CoP {n}", visibility=visibility, **kwargs
    )


def add_member(user, community, role=Role.MEMBER, status=MembershipStatus.ACTIVE):
    return Membership.objects.create(user=user, community=community, role=role, status=status)


def make_thread(community, author, body="Opening post", title="Sharing experiences on allocation"):
    thread = Thread.objects.create(community=community, author=author, title=title, slug="sharing", post_count=1)
    Post.objects.create(thread=thread, number=1, author=author, body=body, body_html=f"<p>{body}</p>")
    return thread

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.tests.factories import add_member, make_community  # noqa: F401  (used by knowledge tests)
from discussions.tests.factories import make_thread  # noqa: F401
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

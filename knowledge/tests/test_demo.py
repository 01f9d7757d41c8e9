import io

import pytest

from accounts.tests.factories import UserFactory
from knowledge import demo
from knowledge.models import CaseStatus, CaseStudy, Reference, Tool

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_rich():
    UserFactory(email="member@example.org", username="member")
    UserFactory(email="staff@example.org", username="staff", is_staff=True)
    UserFactory.create_batch(3, username=__import__("factory").Sequence(lambda n: f"demo{n:03d}"))
    demo.seed(stdout=io.StringIO())
    counts = (Tool.objects.count(), CaseStudy.objects.count(), Reference.objects.count())
    demo.seed(stdout=io.StringIO())
    assert counts == (Tool.objects.count(), CaseStudy.objects.count(), Reference.objects.count())
    assert counts[0] >= 40
    assert Tool.objects.filter(category="financing").count() >= 5
    assert CaseStudy.objects.filter(status=CaseStatus.SUBMITTED).exists()
    assert all(t.body_html for t in Tool.objects.all())

import io

import pytest

from accounts.tests.factories import UserFactory
from communities.models import Role
from events import demo
from events.models import RSVP, Event
from events.tests.factories import add_member, make_community

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent():
    community = make_community()
    add_member(UserFactory(), community, role=Role.OWNER)
    for user in UserFactory.create_batch(5):
        add_member(user, community)
    demo.seed(stdout=io.StringIO())
    counts = Event.objects.count(), RSVP.objects.count()
    assert counts[0] == 3
    demo.seed(stdout=io.StringIO())
    assert counts == (Event.objects.count(), RSVP.objects.count())

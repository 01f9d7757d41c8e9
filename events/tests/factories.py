import datetime as dt

import factory
from django.utils import timezone

from communities.tests.factories import add_member, make_community  # noqa: F401  (shared helpers)
from events.models import Event, EventKind


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    community = factory.LazyFunction(make_community)
    organiser = None
    title = factory.Sequence(lambda n: f"Webinar on basin planning {n}")
    kind = EventKind.WEBINAR
    description = "We compare allocation plans."
    description_html = "<p>We compare allocation plans.</p>"
    online_url = "https://meet.example.org/basin"
    timezone = "Europe/Paris"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))

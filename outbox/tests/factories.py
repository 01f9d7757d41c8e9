import factory

from accounts.tests.factories import UserFactory
from outbox.models import EmailDelivery


class EmailDeliveryFactory(factory.django.DjangoModelFactory):
    """A pending outbox row for a member."""

    class Meta:
        model = EmailDelivery

    recipient = factory.SubFactory(UserFactory)
    kind = "mention"
    subject = factory.Sequence(lambda n: f"[Action Hub] Mention {n}")
    body_text = "Kofi mentioned you.\n\nhttp://127.0.0.1:8000/c/water/t/1-drought/#p2\n"
    body_html = "<p>Kofi mentioned you.</p>"

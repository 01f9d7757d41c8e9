"""email_queue: one way to write an email, in the recipient's language, links from SITE_URL."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy

from accounts.tests.factories import UserFactory
from hub.i18n import deferred
from outbox import services
from outbox.models import DeliveryStatus, EmailDelivery
from outbox.tests.outage import smtp_down, sweep_later

pytestmark = pytest.mark.django_db

# A template with a body and a link, in every language the hub has (the invitation's).
INVITATION = "communities/email/invitation"


def _context(**extra):
    class Named:
        name = "Kofi"
        tagline = ""

    return {"actor": Named(), "community": Named(), "invitation": None, **extra}


def test_email_queue_writes_in_the_members_language_with_links_under_their_prefix(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://hub.example.org"
    french = UserFactory(preferred_language="fr")
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):  # the sender's language
        delivery = services.email_queue(
            to_user=french,
            kind="test",
            subject=deferred(gettext_lazy("Tomorrow: %(t)s"), t="Atelier"),
            template=INVITATION,
            context=_context(link=services.link("communities:directory")),
            source="test:1",
        )
    with translation.override("fr"):
        assert delivery.subject == translation.gettext("Tomorrow: %(t)s") % {"t": "Atelier"}
    assert "https://hub.example.org/fr/c/" in delivery.body_text
    assert 'lang="fr"' in delivery.body_html and "https://hub.example.org/fr/c/" in delivery.body_html
    (message,) = mail.outbox
    assert message.to == [french.email] and message.alternatives[0][1] == "text/html"
    assert message.extra_headers["Message-ID"].startswith("<delivery.")
    assert "List-Unsubscribe" not in message.extra_headers  # no scope: a transactional mail
    assert EmailDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT


def test_someone_without_an_account_is_written_to_in_the_given_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.email_queue(
            to_email=" guest@example.org ",
            language="es",
            kind="test",
            subject="Hola",
            template=INVITATION,
            context=_context(link=services.link("communities:directory")),
            reply_to="team@example.org",
        )
    assert delivery.recipient is None and delivery.to_email == "guest@example.org"
    assert "http://127.0.0.1:8000/es/c/" in delivery.body_text
    (message,) = mail.outbox
    assert message.to == ["guest@example.org"] and message.reply_to == ["team@example.org"]


def test_a_scope_gives_the_one_click_unsubscribe_of_the_registered_builder(django_capture_on_commit_callbacks):
    amina = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.email_queue(
            to_user=amina, kind="mention", subject="Hi", template=INVITATION, context=_context(link=""),
            unsubscribe_scope="kind:mention",
        )  # fmt: skip
    (message,) = mail.outbox
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_subject_stays_one_header_line_and_no_address_writes_nothing():
    delivery = services.delivery_create(
        to_email="a@example.org", kind="test", subject="Line one\r\nBcc: x@example.org", template=INVITATION,
        context=_context(link=""),
    )  # fmt: skip
    assert delivery.subject == "Line one Bcc: x@example.org"
    assert services.delivery_create(to_email="", kind="test", subject="s", template=INVITATION) is None
    assert EmailDelivery.objects.count() == 1


def test_a_member_who_changed_address_gets_it_at_the_new_one(django_capture_on_commit_callbacks):
    amina = UserFactory(email="old@example.org")
    delivery = services.delivery_create(
        to_user=amina, kind="test", subject="s", template=INVITATION, context=_context(link="")
    )
    amina.email = "new@example.org"
    amina.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_delivery(delivery.pk)
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


def test_an_smtp_outage_keeps_the_row_pending_until_the_sweep_sends_it_once(django_capture_on_commit_callbacks):
    amina = UserFactory()
    with smtp_down(), django_capture_on_commit_callbacks(execute=True):
        delivery = services.email_queue(
            to_user=amina, kind="test", subject="s", template=INVITATION, context=_context(link="")
        )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1 and "SMTP" in delivery.last_error
    with smtp_down():
        sweep_later(runs=1)  # still down: one more attempt counted, still pending
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 2 and not mail.outbox
    sweep_later(runs=3)
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT

import pytest
from django.core import mail
from django.urls import reverse

from hub.models import ContactMessage

URL = reverse("contact")


def contact_data(**overrides):
    data = {
        "name": "Priya Sharma",
        "email": "priya@example.org",
        "subject": "Starting a groundwater community",
        "message": "We would like to co-convene a community on aquifer recharge in South Asia.",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_contact_saves_and_emails_staff(client, settings, django_capture_on_commit_callbacks):
    settings.STAFF_EMAILS = ["team@example.org", "lead@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, contact_data(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    saved = ContactMessage.objects.get()
    assert saved.subject == "Starting a groundwater community" and saved.ip_address == "203.0.113.9"
    # One email per staff address, each answerable straight to the visitor.
    assert sorted(m.to[0] for m in mail.outbox) == ["lead@example.org", "team@example.org"]
    for message in mail.outbox:
        assert message.reply_to == ["priya@example.org"]
        assert message.subject == "[Action Hub contact] Starting a groundwater community"
        assert "aquifer recharge" in message.body and "priya@example.org" in message.body
    assert b"Thank you" in client.get(response["Location"]).content


@pytest.mark.django_db
def test_contact_mail_survives_an_smtp_outage(client, settings, django_capture_on_commit_callbacks):
    from outbox.models import DeliveryStatus, EmailDelivery
    from outbox.tests.outage import smtp_down, sweep_later

    settings.STAFF_EMAILS = ["team@example.org"]
    with smtp_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, contact_data())
    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1
    delivery = EmailDelivery.objects.get(kind="contact")
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1 and not mail.outbox
    sweep_later()
    assert [m.to for m in mail.outbox] == [["team@example.org"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"subject": ""}, "subject"),
        ({"message": "short"}, "message"),
        ({"message": "x" * 5001}, "message"),
    ],
)
def test_contact_validation_rerenders_with_errors(client, overrides, field):
    response = client.post(URL, contact_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert b"invalid-feedback" in response.content
    assert ContactMessage.objects.count() == 0 and not mail.outbox


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["name", "email", "subject", "message"])
@pytest.mark.parametrize("value", ["bad\x00value here", "x" * 100_000], ids=["nul", "100k"])
def test_contact_nul_or_huge_value_is_a_form_error(client, field, value):
    response = client.post(URL, contact_data(**{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert ContactMessage.objects.count() == 0


@pytest.mark.django_db
def test_contact_rate_limited_per_ip(client, settings):
    settings.CONTACT_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert client.post(URL, contact_data(), REMOTE_ADDR="198.51.100.7").status_code == 302
    response = client.post(URL, contact_data(), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert b"try again" in response.content
    assert 0 < int(response["Retry-After"]) <= 3600
    assert ContactMessage.objects.count() == 3
    # Another address is not affected.
    assert client.post(URL, contact_data(), REMOTE_ADDR="198.51.100.8").status_code == 302


@pytest.mark.django_db
def test_contact_rate_limit_window_passes(client, settings):
    time_machine = pytest.importorskip("time_machine")
    settings.CONTACT_RATE_LIMIT = "1/h"
    with time_machine.travel("2026-03-01 10:00:00", tick=False) as traveller:
        assert client.post(URL, contact_data()).status_code == 302
        assert client.post(URL, contact_data()).status_code == 429
        traveller.shift(3601)
        assert client.post(URL, contact_data()).status_code == 302


@pytest.mark.django_db
def test_contact_refused_without_csrf_token(csrf_client):
    response = csrf_client.post(URL, contact_data())
    assert response.status_code == 403
    assert ContactMessage.objects.count() == 0
    csrf_client.get(URL)
    token = csrf_client.cookies["csrftoken"].value
    assert csrf_client.post(URL, contact_data(csrfmiddlewaretoken=token)).status_code == 302


@pytest.mark.django_db
def test_contact_prefills_name_and_email_for_members(client, user):
    client.force_login(user)
    form = client.get(URL).context["form"]
    assert form["name"].value() == user.name and form["email"].value() == user.email

"""Every allauth flow end to end through HTTP: sign-up, verification, login, logout,
password reset and change, email change; plus session rotation and throttling."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "river-basins-share-water-42"
LINK = re.compile(r"https?://[^/\s]+(/accounts/[^\s]+)")


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def signup_data(**overrides):
    data = {
        "email": "new.member@example.org",
        "username": "newmember",
        "display_name": "Nadia Haddad",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
def test_signup_then_verify_email_then_logged_in(client):
    response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.member@example.org")
    assert user.display_name == "Nadia Haddad" and user.username == "newmember"
    assert not EmailAddress.objects.get(user=user).verified
    # Verification is mandatory when DEBUG is off: not logged in yet.
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.member@example.org"]
    assert "Action Hub" in mail.outbox[0].body and "example.com" not in mail.outbox[0].body
    confirm_url = link_in(mail.outbox[0])
    page = client.get(confirm_url)
    assert page.status_code == 200  # confirming needs a POST, so mail scanners cannot do it
    assert not EmailAddress.objects.get(user=user).verified
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_signup_rejects_duplicate_email_and_weak_password(client):
    UserFactory(email="taken@example.org")
    response = client.post(reverse("account_signup"), signup_data(email="TAKEN@example.org"))
    # No account enumeration: the page looks like success, the owner gets a notice by email.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert mail.outbox[-1].to == ["taken@example.org"]
    response = client.post(reverse("account_signup"), signup_data(password1="123", password2="123"))
    assert response.context["form"].errors.get("password1")
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_login_with_unverified_email_is_refused_until_verified(client):
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    response = login(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_login_wrong_password_is_a_form_error(client, user):
    response = login(client, user.email, "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_rotates_session_key_and_logout_ends_session(client, user):
    client.get(reverse("account_login"))
    session = client.session
    session["before_login"] = "yes"
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    anonymous_key = session.session_key

    response = login(client, user.email)
    assert response.status_code == 302
    member_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert member_key != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()
    assert int(client.session["_auth_user_id"]) == user.pk

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=member_key).exists()
    assert client.get(reverse("accounts:profile-edit")).status_code == 302


@pytest.mark.django_db
def test_logout_needs_post(client, user):
    client.force_login(user)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200  # a confirmation page, not a logout
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_login_failures_are_throttled_per_account(client, user):
    for _ in range(5):
        login(client, user.email, "wrong-password")
    response = login(client, user.email, PASSWORD)  # even the right password now waits
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert b"Too many failed login attempts" in response.content


@pytest.mark.django_db
def test_password_reset_flow(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    key_url = link_in(mail.outbox[0])
    response = client.get(key_url)
    assert response.status_code == 302  # allauth moves the key out of the URL into the session
    set_url = response["Location"]
    response = client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link is single use.
    assert b"invalid" in Client().get(key_url, follow=True).content.lower()


@pytest.mark.django_db
def test_password_reset_for_unknown_email_reveals_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    # allauth mails "no account" notices rather than telling the requester.
    assert all("nobody@example.org" in m.to for m in mail.outbox)


@pytest.mark.django_db
def test_password_change_flow(client, user):
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200 and response.context["form"].errors.get("oldpassword")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "_auth_user_id" in client.session  # still logged in on this device


@pytest.mark.django_db
def test_email_change_flow(client, user):
    client.force_login(user)
    old_email = user.email
    response = client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.org"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == old_email  # unchanged until the new address is confirmed
    assert mail.outbox and mail.outbox[-1].to == ["moved@example.org"]
    response = client.post(link_in(mail.outbox[-1]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "moved@example.org"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "primary", "verified")) == [
        ("moved@example.org", True, True)
    ]
    client.logout()
    assert login(client, "moved@example.org").status_code == 302


@pytest.mark.django_db
def test_email_change_to_taken_address_is_refused(client, user):
    UserFactory(email="taken@example.org")
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "taken@example.org"})
    # Without revealing that the address is registered, nothing changes for this member.
    assert response.status_code in (200, 302)
    user.refresh_from_db()
    assert user.email != "taken@example.org"
    assert not EmailAddress.objects.filter(user=user, email="taken@example.org", verified=True).exists()
    assert EmailAddress.objects.filter(email="taken@example.org", verified=True).count() == 1


# --- CSRF and hostile input on every allauth form ---------------------------------------------------

AUTH_FORMS = {
    "account_signup": (False, signup_data),
    "account_login": (False, lambda: {"login": "someone@example.org", "password": PASSWORD}),
    "account_reset_password": (False, lambda: {"email": "someone@example.org"}),
    "account_logout": (True, dict),
    "account_change_password": (True, lambda: {"oldpassword": PASSWORD, "password1": "x", "password2": "x"}),
    "account_email": (True, lambda: {"action_add": "", "email": "other@example.org"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", AUTH_FORMS)
def test_auth_forms_refuse_post_without_csrf_token(csrf_client, user, name):
    needs_login, data = AUTH_FORMS[name]
    if needs_login:
        csrf_client.force_login(user)
    response = csrf_client.post(reverse(name), data())
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in AUTH_FORMS if n != "account_logout"])
@pytest.mark.parametrize("value", ["bad\x00value", "x" * 100_000], ids=["nul", "100k"])
def test_auth_forms_survive_nul_and_huge_values(client, user, name, value):
    needs_login, data = AUTH_FORMS[name]
    if needs_login:
        client.force_login(user)
    users_before = User.objects.count()
    for field in data():
        if field.startswith("action_"):
            continue
        payload = {**data(), field: value}
        response = client.post(reverse(name), payload)
        assert response.status_code in (200, 400, 429), (field, response.status_code)
    assert User.objects.count() == users_before
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_link_forms_refuse_post_without_csrf_token(csrf_client, client, user):
    """The two forms reached from an emailed link: confirm email, set a new password."""
    other = UserFactory(verified=False)
    EmailAddress.objects.create(user=other, email=other.email, primary=True, verified=False)
    client.post(reverse("account_login"), {"login": other.email, "password": PASSWORD})
    confirm_url = link_in(mail.outbox[-1])
    assert csrf_client.post(confirm_url).status_code == 403
    assert not EmailAddress.objects.get(user=other).verified

    client.post(reverse("account_reset_password"), {"email": user.email})
    key_url = link_in(mail.outbox[-1])
    set_url = csrf_client.get(key_url)["Location"]
    response = csrf_client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["bad\x00value", "x" * 100_000], ids=["nul", "100k"])
def test_password_reset_from_key_survives_nul_and_huge_values(client, user, value):
    client.post(reverse("account_reset_password"), {"email": user.email})
    set_url = client.get(link_in(mail.outbox[-1]))["Location"]
    response = client.post(set_url, {"password1": value, "password2": value})
    assert response.status_code == 200
    assert response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

"""Two-factor sign-in: staff must have it, codes are computed here as an app would, and
wrong, reused or rate-limited codes get clear messages."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from accounts.tests.totp import STAFF_TOTP_SECRET, totp

AUTHENTICATE = "/accounts/2fa/authenticate/"

# Direct URLs a staff member might open first: the admin, staff-only pages, ordinary pages.
STAFF_URLS = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/legal/legaldocument/add/",
    "/knowledge/case-studies/queue/",
    "/moderation/",
    "/reports/",
    "/members/",
    "/",
]


def password_login(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def reauthenticate(client):
    """Sensitive changes ask for the password again (allauth's reauthentication)."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:1000]


def fresh_code(used=()):
    for offset in (0, 30, -30):
        code = totp(STAFF_TOTP_SECRET, at=time.time() + offset)
        if code not in used:
            return code
    raise AssertionError("no unused code in the window")


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_URLS)
def test_staff_without_second_factor_is_sent_to_set_one_up(client, url):
    staff = UserFactory(is_staff=True, is_superuser=True, two_factor=False)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_index") + "?next=")
    # The same for a write: nothing behind the check runs.
    assert client.post(url, {}).status_code == 302


@pytest.mark.django_db
def test_staff_without_second_factor_can_still_set_it_up_and_sign_out(client):
    staff = UserFactory(is_staff=True, two_factor=False)
    client.force_login(staff)
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    assert "Staff accounts can read everything" in index.content.decode()
    # Activation asks for the password again first (allauth's reauthentication): both open.
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate.status_code == 302 and activate["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(activate["Location"]).status_code == 200
    assert client.get("/static/css/app.css").status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_htmx_request_of_staff_without_second_factor_gets_hx_redirect(client):
    client.force_login(UserFactory(is_staff=True, two_factor=False))
    response = client.get("/members/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("mfa_index"))


@pytest.mark.django_db
def test_staff_with_second_factor_and_members_without_open_pages(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200
    assert client.get("/knowledge/case-studies/queue/").status_code == 200
    member = Client()
    member.force_login(UserFactory())
    assert member.get("/members/").status_code == 200
    assert member.get("/admin/").status_code == 302  # the admin's own login page, not the 2FA setup
    assert not member.get("/admin/")["Location"].startswith(reverse("mfa_index"))


@pytest.mark.django_db
def test_staff_member_setting_up_totp_is_let_through(client):
    staff = UserFactory(is_staff=True, two_factor=False)
    password_login(client, staff)
    assert client.get("/admin/").status_code == 302
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_totp_login_with_computed_code(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = password_login(client, staff)
    assert response.status_code == 302 and response["Location"] == AUTHENTICATE
    assert "_auth_user_id" not in client.session  # the password alone does not sign in
    assert client.get("/admin/").status_code == 302
    response = client.post(AUTHENTICATE, {"code": fresh_code()})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == staff.pk
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_wrong_code_and_reused_code_get_clear_errors(client):
    staff = UserFactory(is_staff=True)
    password_login(client, staff)
    wrong = client.post(AUTHENTICATE, {"code": "000000" if fresh_code() != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    code = fresh_code()
    assert client.post(AUTHENTICATE, {"code": code}).status_code == 302
    client.post(reverse("account_logout"))
    password_login(client, staff)
    reused = client.post(AUTHENTICATE, {"code": code})
    assert reused.status_code == 200
    assert "already been used" in reused.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["\x00", "x" * 5000, "", "12 34 56", "<script>"])
def test_garbage_codes_are_form_errors_not_server_errors(client, code):
    staff = UserFactory(is_staff=True)
    password_login(client, staff)
    response = client.post(AUTHENTICATE, {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_code_entry_is_rate_limited_per_account(client):
    staff = UserFactory(is_staff=True)
    password_login(client, staff)
    right = fresh_code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        assert "That code is not right" in client.post(AUTHENTICATE, {"code": wrong}).content.decode()
    blocked = client.post(AUTHENTICATE, {"code": right})
    assert "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another browser (another IP too) cannot go on guessing that account's codes either.
    other = Client(REMOTE_ADDR="203.0.113.9")
    password_login(other, staff)
    assert "Too many failed login attempts" in other.post(AUTHENTICATE, {"code": right}).content.decode()


@pytest.mark.django_db
def test_recovery_codes_shown_once_downloadable_and_work_once(client):
    member = UserFactory()
    password_login(client, member)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    assert client.post(reverse("mfa_activate_totp"), {"code": totp(secret)}).status_code == 302
    first = client.get(reverse("mfa_view_recovery_codes"))
    html = first.content.decode()
    codes = Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    assert len(codes) == 10 and all(code in html for code in codes)
    assert 'download="action-hub-recovery-codes.txt"' in html and "data:text/plain" in html
    second = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert not any(code in second for code in codes)
    assert "not shown again" in second
    # A recovery code signs in once; the second time it is refused with its own message.
    client.post(reverse("account_logout"))
    password_login(client, member)
    assert client.post(AUTHENTICATE, {"code": codes[0]}).status_code == 302
    client.post(reverse("account_logout"))
    password_login(client, member)
    again = client.post(AUTHENTICATE, {"code": codes[0]})
    assert "recovery code has already been used" in again.content.decode()


@pytest.mark.django_db
def test_staff_cannot_remove_their_last_second_factor(client):
    staff = UserFactory(is_staff=True)
    password_login(client, staff)
    client.post(AUTHENTICATE, {"code": fresh_code()})
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert response.status_code == 200 and "must keep a second factor" in response.content.decode()


@pytest.mark.django_db
def test_member_can_remove_their_authenticator(client):
    member = UserFactory()
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": STAFF_TOTP_SECRET})
    password_login(client, member)
    client.post(AUTHENTICATE, {"code": fresh_code()})
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()


@pytest.mark.django_db
def test_two_factor_pages_need_sign_in(client):
    for name in ("mfa_index", "mfa_activate_totp", "mfa_view_recovery_codes", "mfa_list_webauthn", "mfa_add_webauthn"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), name


@pytest.mark.django_db
def test_passkeys_are_offered(client):
    client.force_login(UserFactory())
    html = client.get(reverse("mfa_index")).content.decode()
    assert reverse("mfa_add_webauthn") in html
    login_page = Client().get(reverse("account_login")).content.decode()
    assert "passkey" in login_page.lower()


@pytest.mark.django_db
def test_admin_login_form_cannot_skip_the_second_factor(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/login/")["Location"].startswith(reverse("account_login"))
    # Through the hub's sign-in: password, then the code, then the admin.
    password_login(client, staff)
    client.post(AUTHENTICATE, {"code": fresh_code()})
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_htmx_fragments_of_the_setup_page_do_not_reload_it(client):
    client.force_login(UserFactory(is_staff=True, two_factor=False))
    badge = client.get(
        reverse("messaging:unread-badge"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/accounts/2fa/"},
    )
    assert badge.status_code == 204 and "HX-Redirect" not in badge

"""A newcomer's path in a real browser: sign up, verify, log in, edit profile, log out."""

import re

from django.core import mail

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from accounts.tests.images import image_bytes
from tests.e2e.conftest import assert_accessible, login

LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)")


def log_out(page):
    menu = page.locator("#user-menu")
    if menu.count():  # log out may sit in a user menu
        menu.click()
    page.locator("header form button", has_text="Log out").click()


def test_accounts_signup_verify_login_edit_profile_logout(page, live_server_url, tmp_path):
    base = live_server_url
    page.goto(f"{base}/accounts/signup/")
    assert_accessible(page, "sign-up")
    page.fill("input[name=email]", "nadia@example.org")
    page.fill("input[name=username]", "nadia")
    page.fill("input[name=display_name]", "Nadia Haddad")
    page.fill("input[name=password1]", "aquifer-recharge-2026")
    page.fill("input[name=password2]", "aquifer-recharge-2026")
    page.click("form.auth-form button[type=submit]")
    page.wait_for_url(f"{base}/accounts/confirm-email/")
    assert page.locator("h1").first.is_visible()

    # The server runs in this process: the verification mail is in the locmem outbox.
    assert mail.outbox and mail.outbox[-1].to == ["nadia@example.org"]
    confirm_path = LINK.search(mail.outbox[-1].body).group(1)
    page.goto(base + confirm_path)
    page.click("form.auth-form button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    # Confirmed in the same browser session: logged in straight away.
    assert page.locator("header").get_by_text("Nadia Haddad").is_visible()

    log_out(page)
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("header").get_by_role("link", name="Log in").is_visible()

    login(page, base, "nadia@example.org", "aquifer-recharge-2026")
    page.goto(f"{base}/members/me/edit/")
    page.fill("input[name=job_title]", "Hydrogeologist")
    page.fill("input[name=organisation]", "Jordan Valley Authority")
    page.select_option("select[name=country]", "JO")
    page.select_option("select[name=sector]", "government")
    page.fill("input[name=expertise]", "groundwater, managed aquifer recharge")
    page.fill("textarea[name=bio]", "I map **aquifers** in the Jordan valley.")
    avatar = tmp_path / "me.jpg"
    avatar.write_bytes(image_bytes(size=(800, 600), exif=True))
    page.set_input_files("input[name=avatar]", str(avatar))
    page.click("form.profile-form button[type=submit]")
    page.wait_for_url(f"{base}/members/nadia/")
    assert page.locator("main strong", has_text="aquifers").is_visible()
    assert page.get_by_text("managed aquifer recharge").is_visible()
    assert page.locator("main img.avatar").is_visible()
    assert_accessible(page, "own profile")
    user = User.objects.get(username="nadia")
    assert user.avatar and user.country.code == "JO"

    log_out(page)
    page.wait_for_load_state("domcontentloaded")
    page.goto(f"{base}/members/me/edit/")
    assert "/accounts/login/" in page.url


def test_accounts_bad_avatar_shows_error_in_browser(page, live_server_url, tmp_path):
    UserFactory(email="kofi@example.org", username="kofi", display_name="Kofi Mensah")
    login(page, live_server_url, "kofi@example.org", PASSWORD)
    page.goto(f"{live_server_url}/members/me/edit/")
    fake = tmp_path / "notes.png"
    fake.write_text("minutes of the basin committee meeting\n" * 20)
    page.set_input_files("input[name=avatar]", str(fake))
    page.fill("input[name=display_name]", "Someone Else")
    page.click("form.profile-form button[type=submit]")
    assert page.get_by_text("not an image we can read").is_visible()
    assert_accessible(page, "profile edit with errors")
    assert User.objects.get(username="kofi").display_name == "Kofi Mensah"

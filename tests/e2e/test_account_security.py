"""Two-factor sign-in, the sessions page and the terms prompt in a real browser (with axe)."""

from accounts.tests.factories import PASSWORD, UserFactory
from legal import services
from legal.models import DocumentKind
from legal.tests.factories import LegalDocumentFactory
from tests.e2e.conftest import assert_accessible, login


def test_staff_signs_in_with_a_code_and_reviews_sessions(live_server_url, new_page):
    staff = UserFactory(is_staff=True, is_superuser=True, display_name="Lucía García")
    page = new_page()
    page.goto(f"{live_server_url}/accounts/login/")
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page, "code step")
    page.fill("input[name=code]", "12345")  # not a valid code: a clear error
    page.click("main form button[type=submit]")
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    other = new_page()
    login(other, live_server_url, staff.email, PASSWORD)  # the helper enters a fresh code
    other.goto(f"{live_server_url}/admin/")
    assert "/admin/" in other.url and "2fa" not in other.url
    other.goto(f"{live_server_url}/accounts/sessions/")
    assert_accessible(other, "sessions page")
    assert other.locator("text=This browser").count() == 1
    other.goto(f"{live_server_url}/accounts/2fa/")
    assert_accessible(other, "two-factor page")


def test_member_accepts_new_terms_before_going_on(live_server_url, new_page):
    member = UserFactory(display_name="Kofi Mensah")
    page = new_page()
    login(page, live_server_url, member.email, PASSWORD)
    draft = LegalDocumentFactory(kind=DocumentKind.TERMS, version=1, changes="A section on uploads.", published_at=None)
    services.document_publish(actor=UserFactory(is_staff=True), document=draft)
    page.goto(f"{live_server_url}/members/")
    page.wait_for_url("**/legal/accept/**")
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "accept page")
    page.check("input[name=accept]")
    page.click("text=Accept and continue")
    page.wait_for_url("**/members/")
    assert page.locator("h1").count() == 1

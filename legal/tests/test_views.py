"""Privacy notice and terms: who may read them, accepting a new version, sign-up records
the accepted versions, and the prompt after a new version (with its exemptions)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from legal import services
from legal.models import Acceptance, DocumentKind
from legal.tests.factories import LegalDocumentFactory

pytestmark = pytest.mark.django_db
ACCEPT = reverse("legal:accept")


@pytest.fixture
def documents():
    privacy = LegalDocumentFactory(
        kind=DocumentKind.PRIVACY, version=1, title="Privacy notice", body_html="<p>We keep little.</p>"
    )
    terms = LegalDocumentFactory(kind=DocumentKind.TERMS, version=1, title="Terms of use")
    return privacy, terms


def accepted(user, *docs):
    services.acceptance_record(user=user, documents=docs, via=Acceptance.Via.SIGNUP)


def clients(user, staff):
    anonymous = Client()
    member = Client()
    member.force_login(user)
    staff_client = Client()
    staff_client.force_login(staff)
    return {"anonymous": anonymous, "member": member, "staff": staff_client}


def test_legal_pages_access_anonymous_member_staff(documents):
    privacy, terms = documents
    user, staff = UserFactory(), UserFactory(is_staff=True)
    accepted(user, privacy, terms)
    accepted(staff, privacy, terms)
    v2 = LegalDocumentFactory(
        kind=DocumentKind.PRIVACY, version=2, title="Privacy notice", body_html="<p>Now shorter.</p>"
    )
    draft = LegalDocumentFactory(kind=DocumentKind.TERMS, version=2, published_at=None, body_html="<p>DRAFT TEXT</p>")
    for role, client in clients(user, staff).items():
        page = client.get(reverse("legal:privacy"))
        # Members who have not accepted v2 yet may still read it (the page is exempt).
        assert page.status_code == 200, role
        assert "Now shorter." in page.content.decode() and privacy.get_absolute_url() in page.content.decode()
        assert "We keep little." in client.get(privacy.get_absolute_url()).content.decode()
        terms_page = client.get(reverse("legal:terms")).content.decode()
        assert "DRAFT TEXT" not in terms_page, role
        assert client.get(draft.get_absolute_url()).status_code == 404, role
        assert client.get("/legal/cookies/v1/").status_code == 404
        assert client.get("/legal/terms/v99/").status_code == 404
        assert client.get("/legal/terms/v99999999999999999999999/").status_code == 404
    assert v2.get_absolute_url() == "/legal/privacy/v2/"


def test_nothing_published_says_so():
    for name in ("legal:privacy", "legal:terms"):
        response = Client().get(reverse(name))
        assert response.status_code == 200 and "has not been published yet" in response.content.decode()


def test_accept_page_access_anonymous_member_staff(documents):
    privacy, terms = documents
    user, staff = UserFactory(), UserFactory(is_staff=True)
    c = clients(user, staff)
    response = c["anonymous"].get(ACCEPT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    for role in ("member", "staff"):
        page = c[role].get(ACCEPT)
        assert page.status_code == 200, role
        assert "Privacy notice" in page.content.decode() and "Terms of use" in page.content.decode()
    # Without the box ticked: 400 with a message, nothing recorded.
    refused = c["member"].post(ACCEPT, {"documents": f"{privacy.pk},{terms.pk}"})
    assert refused.status_code == 400 and "Please tick the box" in refused.content.decode()
    assert not Acceptance.objects.filter(user=user).exists()
    done = c["member"].post(ACCEPT, {"accept": "on", "documents": f"{privacy.pk},{terms.pk}", "next": "/members/"})
    assert done.status_code == 302 and done["Location"] == "/members/"
    assert set(Acceptance.objects.filter(user=user).values_list("document", flat=True)) == {privacy.pk, terms.pk}
    # Accepted already: the page sends the member on; another member's acceptance is theirs alone.
    assert c["member"].get(ACCEPT).status_code == 302
    assert c["staff"].get(ACCEPT).status_code == 200


def test_accept_ignores_foreign_next_and_tampered_document_lists(documents):
    privacy, terms = documents
    user = UserFactory()
    client = Client()
    client.force_login(user)
    tampered = client.post(ACCEPT, {"accept": "on", "documents": "1,2,3,999", "next": "/"})
    assert tampered.status_code == 400
    assert "changed while you were reading" in tampered.content.decode()
    assert f'value="{privacy.pk},{terms.pk}"' in tampered.content.decode()  # a fresh form to accept
    assert not Acceptance.objects.filter(user=user).exists()
    response = client.post(
        ACCEPT, {"accept": "on", "documents": f"{privacy.pk},{terms.pk}", "next": "https://evil.example/phish"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_new_version_asks_members_to_accept_on_their_next_page(documents):
    privacy, terms = documents
    user = UserFactory()
    accepted(user, privacy, terms)
    client = Client()
    client.force_login(user)
    assert client.get("/members/").status_code == 200
    v2 = LegalDocumentFactory(
        kind=DocumentKind.TERMS, version=2, published_at=None, changes="A clearer section on uploads."
    )
    staff = UserFactory(is_staff=True)
    services.document_publish(actor=staff, document=v2)
    response = client.get("/members/?page=2")
    assert response.status_code == 302
    assert response["Location"] == f"{ACCEPT}?next=%2Fmembers%2F%3Fpage%3D2"
    # Writes are held too; htmx requests are told where to go.
    assert client.post(reverse("accounts:profile-edit"), {"display_name": "X"}).status_code == 302
    hx = client.get("/members/", headers={"HX-Request": "true"})
    assert hx.status_code == 204 and hx["HX-Redirect"].startswith(ACCEPT)
    # Exempt: the legal pages, signing out's page, two-factor setup, static files.
    assert client.get(reverse("legal:terms")).status_code == 200
    assert client.get("/static/css/app.css").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    page = client.get(ACCEPT).content.decode()
    assert "A clearer section on uploads." in page and "Privacy notice" not in page
    client.post(ACCEPT, {"accept": "on", "documents": str(v2.pk)})
    assert client.get("/members/").status_code == 200
    assert Acceptance.objects.filter(user=user, document=v2, via=Acceptance.Via.PROMPT).exists()


def test_correction_without_acceptance_asks_nobody(documents):
    privacy, terms = documents
    user = UserFactory()
    accepted(user, privacy, terms)
    client = Client()
    client.force_login(user)
    fix = LegalDocumentFactory(kind=DocumentKind.TERMS, version=2, published_at=None, requires_acceptance=False)
    services.document_publish(actor=UserFactory(is_staff=True), document=fix)
    assert client.get("/members/").status_code == 200


def test_accepted_members_pay_no_query_for_the_check(documents):
    privacy, terms = documents
    user = UserFactory()
    accepted(user, privacy, terms)
    client = Client()
    client.force_login(user)
    client.get("/about/")
    with CaptureQueriesContext(connection) as checked:
        client.get("/about/")
    assert not [q for q in checked.captured_queries if "legal_" in q["sql"]]


def test_signup_requires_and_records_the_current_versions(documents, client):
    privacy, terms = documents
    LegalDocumentFactory(kind=DocumentKind.TERMS, version=2, published_at=None)  # a draft is not offered
    form = client.get(reverse("account_signup")).content.decode()
    assert 'name="accept_documents"' in form and "/legal/terms/v1/" in form and "/legal/privacy/v1/" in form
    data = {
        "email": "new.member@example.org",
        "username": "newmember",
        "display_name": "Nadia Haddad",
        "password1": "river-basins-share-water-42",
        "password2": "river-basins-share-water-42",
    }
    refused = client.post(reverse("account_signup"), data)
    assert refused.status_code == 200 and "Please accept the terms" in refused.content.decode()
    assert not User.objects.filter(email="new.member@example.org").exists()
    response = client.post(reverse("account_signup"), {**data, "accept_documents": "on"})
    assert response.status_code == 302
    member = User.objects.get(email="new.member@example.org")
    rows = Acceptance.objects.filter(user=member)
    assert {(a.document.kind, a.document.version, a.via) for a in rows} == {
        ("privacy", 1, "signup"),
        ("terms", 1, "signup"),
    }


def test_signup_without_published_documents_has_no_checkbox(client):
    assert 'name="accept_documents"' not in client.get(reverse("account_signup")).content.decode()


def test_staff_without_second_factor_and_pending_terms_are_not_sent_in_circles(documents):
    staff = UserFactory(is_staff=True, two_factor=False)
    client = Client()
    client.force_login(staff)
    assert client.get("/").headers["Location"].startswith(reverse("mfa_index"))
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(ACCEPT).status_code == 200


def test_htmx_fragments_of_an_exempt_page_do_not_reload_it(documents):
    """The accept page's navigation badges load by htmx: they must not send it round again."""
    client = Client()
    client.force_login(UserFactory())
    badge = client.get(
        reverse("messaging:unread-badge"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/legal/accept/?next=/"},
    )
    assert badge.status_code == 204 and "HX-Redirect" not in badge

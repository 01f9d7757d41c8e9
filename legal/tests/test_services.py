"""Drafting and publishing versions (services and the admin)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from accounts.tests.factories import UserFactory
from legal import selectors, services
from legal.models import Acceptance, DocumentKind, LegalDocument

pytestmark = pytest.mark.django_db


def test_versions_are_numbered_per_kind_and_published_ones_are_frozen():
    staff = UserFactory(is_staff=True)
    first = services.document_save_draft(
        actor=staff, document=LegalDocument(kind=DocumentKind.TERMS, title="Terms", body="**One**")
    )
    privacy = services.document_save_draft(
        actor=staff, document=LegalDocument(kind=DocumentKind.PRIVACY, title="Privacy", body="P")
    )
    assert (first.version, privacy.version) == (1, 1) and first.body_html == "<p><strong>One</strong></p>\n"
    assert selectors.required_versions() == {}
    services.document_publish(actor=staff, document=first)
    assert selectors.required_versions() == {"terms": (first.pk, 1)}
    first.refresh_from_db()
    first.body = "changed after publication"
    with pytest.raises(ValidationError):
        services.document_save_draft(actor=staff, document=first)
    second = services.document_save_draft(
        actor=staff, document=LegalDocument(kind=DocumentKind.TERMS, title="Terms", body="Two")
    )
    assert second.version == 2


def test_only_staff_edit_documents():
    member = UserFactory()
    with pytest.raises(PermissionDenied):
        services.document_save_draft(actor=member, document=LegalDocument(kind="terms", title="T", body="B"))


def test_acceptance_is_idempotent_and_only_of_published_versions():
    staff, member = UserFactory(is_staff=True), UserFactory()
    draft = services.document_save_draft(actor=staff, document=LegalDocument(kind="terms", title="T", body="B"))
    with pytest.raises(ValidationError):
        services.acceptance_record(user=member, documents=[draft], via=Acceptance.Via.PROMPT)
    services.document_publish(actor=staff, document=draft)
    draft.refresh_from_db()
    services.acceptance_record(user=member, documents=[draft], via=Acceptance.Via.PROMPT)
    services.acceptance_record(user=member, documents=[draft], via=Acceptance.Via.PROMPT)
    assert Acceptance.objects.filter(user=member).count() == 1


def test_staff_write_and_publish_in_the_admin():
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    response = client.post(
        "/admin/legal/legaldocument/add/",
        {
            "kind": "privacy",
            "title": "Privacy notice",
            "body": "We keep *little*.",
            "changes": "",
            "requires_acceptance": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = LegalDocument.objects.get()
    assert document.version == 1 and document.created_by == staff and not document.is_published
    response = client.post(
        "/admin/legal/legaldocument/", {"action": "publish", "_selected_action": [document.pk]}, follow=True
    )
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.is_published
    change = client.get(f"/admin/legal/legaldocument/{document.pk}/change/").content.decode()
    assert 'name="body"' not in change  # read-only once published
    assert Client().get("/legal/privacy/").content.decode().count("little") == 1
    # Members cannot reach the admin screens at all.
    member = Client()
    member.force_login(UserFactory())
    assert member.get("/admin/legal/legaldocument/").status_code == 302

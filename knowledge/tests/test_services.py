"""Case-study curation workflow, promotion and references (services)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import UserFactory
from knowledge import services
from knowledge.models import CaseStatus, ReferenceStatus
from knowledge.selectors import knowledge_search
from knowledge.tests.factories import CaseStudyFactory, ReferenceFactory, ToolFactory
from notifications.models import Notification
from notifications.tests.helpers import committed

pytestmark = pytest.mark.django_db

DATA = {
    "title": "Environmental flows in the Pangani basin",
    "countries": ["TZ"],
    "river_basins": "Pangani",
    "region": "africa",
    "period_start": 2006,
    "period_end": 2011,
    "context": "Irrigation abstractions dried the lower river.",
    "actions": "Flow assessment with fishers and farmers.",
    "outcomes": "A negotiated flow regime.",
    "lessons": "Local knowledge matters.",
}


def test_case_study_curation_workflow_end_to_end():
    author, curator = UserFactory(), UserFactory(is_staff=True)
    tool = ToolFactory()
    case = services.case_study_create(author=author, data=DATA, tools=[tool], tags=["e-flows"])
    assert case.status == CaseStatus.DRAFT and "<p>" in case.context_html
    with committed():
        case = services.case_study_submit(actor=author, case_study=case)
    assert case.status == CaseStatus.SUBMITTED and case.submitted_at
    assert Notification.objects.filter(recipient=curator, kind="knowledge").exists()
    with committed():
        case = services.case_study_start_review(actor=curator, case_study=case)
        services.case_study_comment(actor=curator, case_study=case, comment="Add figures on flows.")
        case = services.case_study_return(actor=curator, case_study=case, comment="Please add numbers.")
        assert case.status == CaseStatus.DRAFT
        case = services.case_study_update(actor=author, case_study=case, data={"outcomes": "Flows of 5 m3/s kept."})
        case = services.case_study_submit(actor=author, case_study=case)
        case = services.case_study_publish(actor=curator, case_study=case)
    assert case.status == CaseStatus.PUBLISHED and case.published_at
    steps = [(h.from_status, h.to_status) for h in case.history.all()]
    assert steps == [
        ("", "draft"), ("draft", "submitted"), ("submitted", "in_review"), ("", ""), ("in_review", "draft"),
        ("draft", "submitted"), ("submitted", "published"),
    ]  # fmt: skip
    texts = list(Notification.objects.filter(recipient=author).values_list("text", flat=True))
    assert any("submitted" in t for t in texts) and any("in review" in t for t in texts)
    assert any("commented" in t for t in texts) and any("returned" in t for t in texts)
    assert any("published" in t for t in texts)


def test_case_study_decline_needs_reason_and_notifies():
    author, curator = UserFactory(), UserFactory(is_staff=True)
    case = CaseStudyFactory(author=author, status=CaseStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        services.case_study_decline(actor=curator, case_study=case, reason="  ")
    with committed():
        case = services.case_study_decline(actor=curator, case_study=case, reason="Out of scope: not water governance.")
    assert case.status == CaseStatus.DECLINED and "Out of scope" in case.decline_reason
    assert Notification.objects.filter(recipient=author, text__contains="declined").exists()


def test_case_study_transitions_refused_out_of_order():
    author, curator, other = UserFactory(), UserFactory(is_staff=True), UserFactory()
    case = CaseStudyFactory(author=author, status=CaseStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.case_study_publish(actor=curator, case_study=case)  # draft cannot be published
    with pytest.raises(PermissionDenied):
        services.case_study_submit(actor=other, case_study=case)
    with pytest.raises(PermissionDenied):
        services.case_study_update(actor=other, case_study=case, data={"title": "Mine now"})
    services.case_study_submit(actor=author, case_study=case)
    with pytest.raises(PermissionDenied):
        services.case_study_publish(actor=author, case_study=case)
    with pytest.raises(PermissionDenied):
        services.case_study_update(actor=author, case_study=case, data={"title": "Changed after submitting"})


def test_case_study_submit_requires_the_structured_fields():
    author = UserFactory()
    case = services.case_study_create(author=author, data={"title": "Half written"})
    with pytest.raises(ValidationError) as exc:
        services.case_study_submit(actor=author, case_study=case)
    assert "context" in str(exc.value)


def test_attachments_are_content_checked_and_nothing_half_saved():
    author = UserFactory()
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.case_study_create(author=author, data=DATA, attachments=[fake])
    from knowledge.models import CaseStudy

    assert not CaseStudy.objects.filter(author=author).exists()
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.7\n1 0 obj\n%%EOF", content_type="application/pdf")
    case = services.case_study_create(author=author, data=DATA, attachments=[pdf])
    assert case.attachments.get().content_type == "application/pdf"


def test_reference_pdf_checked_and_link_or_file_required():
    staff = UserFactory(is_staff=True)
    with pytest.raises(ValidationError):
        services.reference_save(actor=staff, data={"title": "No source", "status": "published"})
    with pytest.raises(ValidationError):
        services.reference_save(
            actor=staff, data={"title": "Fake"}, file=SimpleUploadedFile("x.pdf", b"<html>not pdf</html>")
        )
    ref = services.reference_save(
        actor=staff, data={"title": "Real", "status": "published"}, file=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n")
    )
    assert ref.file
    with pytest.raises(PermissionDenied):
        services.reference_save(actor=UserFactory(), data={"title": "x", "url": "https://example.org"})


def test_knowledge_search_hides_drafts_from_others():
    author, other, staff = UserFactory(), UserFactory(), UserFactory(is_staff=True)
    CaseStudyFactory(author=author, status=CaseStatus.DRAFT, title="Secret aquifer draft")
    CaseStudyFactory(title="Published aquifer story")
    ReferenceFactory(title="Aquifer draft reference", status=ReferenceStatus.DRAFT)
    ToolFactory(title="Aquifer contracts")

    def titles(viewer):
        return {r["title"] for r in knowledge_search(query="aquifer", viewer=viewer, limit=20)}

    from django.contrib.auth.models import AnonymousUser

    assert titles(AnonymousUser()) == {"Published aquifer story", "Aquifer contracts"}
    assert titles(other) == {"Published aquifer story", "Aquifer contracts"}
    assert "Secret aquifer draft" in titles(author)
    assert titles(staff) >= {"Secret aquifer draft", "Aquifer draft reference"}
    assert knowledge_search(query="\x00", viewer=other, limit=5) == []
    assert len(knowledge_search(query="aquifer", viewer=staff, limit=2)) == 2

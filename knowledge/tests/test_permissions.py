"""Who may see and do what in the knowledge base (role x item state), route by route."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Role, Visibility
from knowledge.models import CaseStatus, ReferenceStatus
from knowledge.tests.factories import (
    CaseStudyFactory,
    ReferenceFactory,
    ToolFactory,
    add_member,
    make_community,
    make_thread,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "author", "staff"]


@pytest.fixture
def people():
    return {"author": UserFactory(), "member": UserFactory(), "staff": UserFactory(is_staff=True)}


def _client_for(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


CASE_MATRIX = [
    # status, roles that see it
    (CaseStatus.DRAFT, {"author", "staff"}),
    (CaseStatus.SUBMITTED, {"author", "staff"}),
    (CaseStatus.IN_REVIEW, {"author", "staff"}),
    (CaseStatus.DECLINED, {"author", "staff"}),
    (CaseStatus.PUBLISHED, {"anonymous", "member", "author", "staff"}),
]


@pytest.mark.parametrize("status,allowed", CASE_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_case_detail_visibility_by_role_and_status(client, people, role, status, allowed):
    case = CaseStudyFactory(author=people["author"], status=status)
    response = _client_for(client, people, role).get(reverse("knowledge:case-detail", args=[case.pk]))
    assert response.status_code == (200 if role in allowed else 404)
    # Lists, search and comparison agree with the detail page.
    listing = client.get(reverse("knowledge:case-list"), {"status": status})
    assert (case.title in listing.content.decode()) == (status == CaseStatus.PUBLISHED)
    found = client.get(reverse("knowledge:home"), {"q": case.title})
    assert (f'href="{case.get_absolute_url()}"' in found.content.decode()) == (role in allowed)


@pytest.mark.parametrize("role", ROLES)
def test_case_attachment_follows_case_visibility(client, people, role, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledge.models import CaseStudyAttachment

    for status, allowed in [(CaseStatus.DRAFT, {"author", "staff"}), (CaseStatus.PUBLISHED, set(ROLES))]:
        case = CaseStudyFactory(author=people["author"], status=status)
        att = CaseStudyAttachment.objects.create(
            case_study=case,
            file=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x"),
            original_name="r.pdf",
            content_type="application/pdf",
            size=10,
        )
        c = _client_for(client.__class__(), people, role)
        response = c.get(reverse("knowledge:case-attachment", args=[case.pk, att.pk]))
        assert response.status_code == (200 if role in allowed else 404)
        if response.status_code == 200:
            assert "attachment" in response["Content-Disposition"]
        # Removing: whoever may edit (author of a draft, staff); others 403/404; anonymous to login.
        may_edit = role == "staff" or (role == "author" and status == CaseStatus.DRAFT)
        remove = c.post(reverse("knowledge:case-attachment-remove", args=[case.pk, att.pk]))
        expected = 302 if (role == "anonymous" or may_edit) else (403 if role in allowed else 404)
        assert remove.status_code == expected
        assert CaseStudyAttachment.objects.filter(pk=att.pk).exists() != may_edit


@pytest.mark.parametrize("role", ROLES)
def test_case_edit_submit_review_by_role(client, people, role):
    case = CaseStudyFactory(author=people["author"], status=CaseStatus.DRAFT)
    c = _client_for(client, people, role)
    edit = c.get(reverse("knowledge:case-edit", args=[case.pk]))
    expected_edit = {"anonymous": 302, "member": 404, "author": 200, "staff": 200}[role]
    assert edit.status_code == expected_edit
    submit = c.post(reverse("knowledge:case-submit", args=[case.pk]))
    assert submit.status_code == {"anonymous": 302, "member": 404, "author": 302, "staff": 403}[role]
    case.refresh_from_db()
    assert case.status == (CaseStatus.SUBMITTED if role == "author" else CaseStatus.DRAFT)
    review = c.post(reverse("knowledge:case-review", args=[case.pk]), {"action": "start_review"})
    # Staff may review, but not a draft nobody submitted: the page says so with 400.
    assert review.status_code == {"anonymous": 302, "member": 404, "author": 403, "staff": 400}[role]


@pytest.mark.parametrize("role", ROLES)
def test_case_create_mine_queue_by_role(client, people, role):
    c = _client_for(client, people, role)
    login_needed = 302 if role == "anonymous" else 200
    assert c.get(reverse("knowledge:case-create")).status_code == login_needed
    assert c.get(reverse("knowledge:case-mine")).status_code == login_needed
    queue = c.get(reverse("knowledge:case-queue")).status_code
    assert queue == {"anonymous": 302, "member": 403, "author": 403, "staff": 200}[role]


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_open_to_everyone(client, people, role):
    tool = ToolFactory()
    c = _client_for(client, people, role)
    for url in [
        reverse("knowledge:home"),
        reverse("knowledge:tool-list"),
        reverse("knowledge:tool-detail", args=[tool.slug]),
        reverse("knowledge:reference-list"),
        reverse("knowledge:case-list"),
        reverse("knowledge:case-compare"),
    ]:
        assert c.get(url).status_code == 200, url
    assert c.get(reverse("knowledge:tool-detail", args=["nope"])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_reference_visibility_and_editing_by_role(client, people, role):
    published = ReferenceFactory()
    draft = ReferenceFactory(status=ReferenceStatus.DRAFT, created_by=people["author"])
    c = _client_for(client, people, role)
    assert c.get(reverse("knowledge:reference-detail", args=[published.pk])).status_code == 200
    draft_status = c.get(reverse("knowledge:reference-detail", args=[draft.pk])).status_code
    assert draft_status == (200 if role in {"author", "staff"} else 404)
    listing = c.get(reverse("knowledge:reference-list")).content.decode()
    assert (draft.title in listing) == (role in {"author", "staff"})
    expected = {"anonymous": 302, "member": 403, "author": 403, "staff": 200}[role]
    assert c.get(reverse("knowledge:reference-create")).status_code == expected
    assert c.get(reverse("knowledge:reference-edit", args=[published.pk])).status_code == expected
    # No file: 404 for everyone who may see it.
    assert c.get(reverse("knowledge:reference-file", args=[published.pk])).status_code == 404


@pytest.mark.parametrize("visibility", [Visibility.PUBLIC, Visibility.PRIVATE, Visibility.HIDDEN])
@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "moderator", "staff"])
def test_promote_thread_by_role_and_visibility(client, role, visibility):
    community = make_community(visibility)
    author = UserFactory()
    add_member(author, community)
    thread = make_thread(community, author, body="We used a water allocation plan in the Pangani.")
    user = None
    if role != "anonymous":
        user = UserFactory(is_staff=role == "staff")
        if role in ("member", "moderator"):
            add_member(user, community, role=Role.MODERATOR if role == "moderator" else Role.MEMBER)
        client.force_login(user)
    response = client.post(reverse("knowledge:promote-thread", args=[thread.pk]), {"kind": "case_study"})
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in ("moderator", "staff"):
        assert response.status_code == 302
        from knowledge.models import CaseStudy

        case = CaseStudy.objects.get(source_thread=thread)
        assert case.status == CaseStatus.DRAFT and case.author == user
        assert "Pangani" in case.context
    elif role == "member" or visibility == Visibility.PUBLIC:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def test_linked_discussions_respect_community_visibility(client):
    case = CaseStudyFactory()
    author = UserFactory()
    public, private = make_community(Visibility.PUBLIC), make_community(Visibility.PRIVATE)
    make_thread(public, author, body=f"See https://hub.example.org{case.get_absolute_url()}", title="Public talk")
    make_thread(private, author, body=f"See {case.get_absolute_url()} too", title="Private talk")
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Public talk" in page and "Private talk" not in page
    assert public.name in page and private.name not in page
    member = UserFactory()
    add_member(member, private)
    client.force_login(member)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Public talk" in page and "Private talk" in page

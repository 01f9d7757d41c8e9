"""Knowledge pages: forms, bad input, uploads, comparison, query counts, CSRF."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from knowledge.models import CaseStatus, CaseStudy, Category
from knowledge.tests.factories import CaseStudyFactory, ReferenceFactory, ToolFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Groundwater monitoring with farmers in Rajasthan",
    "summary": "Village piezometers changed pumping habits.",
    "countries": ["IN"],
    "river_basins": "Luni",
    "region": "asia",
    "period_start": "2015",
    "period_end": "2020",
    "context": "Falling water tables.",
    "actions": "Farmers read wells weekly.",
    "outcomes": "Pumping fell by a fifth.",
    "lessons": "Data owned by users is trusted.",
    "organisations": "Village councils",
    "contact": "info@example.org",
    "tags": "groundwater, monitoring",
}


def test_case_create_and_submit_through_the_form(client):
    author = UserFactory()
    tool = ToolFactory()
    client.force_login(author)
    response = client.post(reverse("knowledge:case-create"), {**FORM, "tools": [tool.pk], "submit_now": "1"})
    assert response.status_code == 302
    case = CaseStudy.objects.get(author=author)
    assert case.status == CaseStatus.SUBMITTED
    assert [str(c.code) for c in case.countries] == ["IN"]
    assert set(case.tags.names()) == {"groundwater", "monitoring"}
    assert list(case.tools.all()) == [tool]


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", "Nul\x00byte"),
        ("context", "x" * 100_000),
        ("title", "t" * 100_000),
        ("tags", "a" * 100_000),
        ("tags", ",".join(f"t{i}" for i in range(30))),
        ("period_start", "99999999999999999999"),
        ("countries", ["XX"]),
        ("region", "\x00"),
    ],
)
def test_case_form_bad_input_rerenders_with_errors(client, field, value):
    author = UserFactory()
    client.force_login(author)
    response = client.post(reverse("knowledge:case-create"), {**FORM, field: value})
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert not CaseStudy.objects.exists()


def test_case_form_rejects_period_backwards(client):
    client.force_login(UserFactory())
    response = client.post(reverse("knowledge:case-create"), {**FORM, "period_start": "2020", "period_end": "2010"})
    assert response.status_code == 400 and not CaseStudy.objects.exists()


def test_case_upload_rejects_fake_and_oversized_files(client, settings):
    client.force_login(UserFactory())
    fake = SimpleUploadedFile("photo.jpg", b"<?php evil(); ?>", content_type="image/jpeg")
    response = client.post(reverse("knowledge:case-create"), {**FORM, "attachments": [fake]})
    assert response.status_code == 400 and "neither a PDF nor an image" in response.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    response = client.post(reverse("knowledge:case-create"), {**FORM, "attachments": [big]})
    assert response.status_code == 400 and "larger than 10 MB" in response.content.decode()
    assert not CaseStudy.objects.exists()
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    png = SimpleUploadedFile("basin.png", buffer.getvalue(), content_type="image/png")
    response = client.post(reverse("knowledge:case-create"), {**FORM, "attachments": [png]})
    assert response.status_code == 302
    assert CaseStudy.objects.get().attachments.get().is_image


def test_reference_form_upload_and_bad_input(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    url = reverse("knowledge:reference-create")
    base = {"title": "Water pricing handbook", "year": "2018", "status": "published"}
    response = client.post(
        url, {**base, "file": SimpleUploadedFile("h.pdf", b"GIF89a", content_type="application/pdf")}
    )
    assert response.status_code == 400 and "not a PDF" in response.content.decode()
    response = client.post(url, {**base, "title": "x\x00y", "url": "https://example.org"})
    assert response.status_code == 400
    response = client.post(url, {**base, "year": "3000", "url": "https://example.org"})
    assert response.status_code == 400
    response = client.post(url, {**base, "file": SimpleUploadedFile("h.pdf", b"%PDF-1.5\n%%EOF")})
    assert response.status_code == 302
    from knowledge.models import Reference

    ref = Reference.objects.get()
    download = client.get(reverse("knowledge:reference-file", args=[ref.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize("count,status", [(1, 400), (2, 200), (3, 200), (4, 200), (5, 400)])
def test_compare_two_to_four(client, count, status):
    cases = CaseStudyFactory.create_batch(count)
    ids = ",".join(str(c.pk) for c in cases)
    response = client.get(reverse("knowledge:case-compare"), {"ids": ids})
    assert response.status_code == status
    body = response.content.decode()
    if status == 200:
        assert all(c.title in body for c in cases) and "Lessons learned" in body
    else:
        assert "alert-danger" in body


def test_compare_errors_for_bad_and_invisible_ids(client):
    published, draft = CaseStudyFactory(), CaseStudyFactory(status=CaseStatus.DRAFT)
    for ids in [f"{published.pk},{draft.pk}", "1,abc", "\x00", f"{published.pk},{published.pk}", "9" * 40]:
        response = client.get(reverse("knowledge:case-compare"), {"ids": ids})
        assert response.status_code == 400, ids
        assert draft.title not in response.content.decode()
    other = CaseStudyFactory()
    both = client.get(reverse("knowledge:case-compare") + f"?ids={published.pk}&ids={other.pk}")
    assert both.status_code == 200


def test_case_list_facets_filter(client):
    CaseStudyFactory(title="Mekong story", countries=["VN", "KH"], river_basins="Mekong", region="asia")
    CaseStudyFactory(title="Mara story", countries=["KE"], river_basins="Mara", region="africa", period_start=2001)
    CaseStudyFactory(title="Peru story", countries=["PE"], river_basins="Rimac", region="latin_america")
    url = reverse("knowledge:case-list")

    def titles(**params):
        body = client.get(url, params).content.decode()
        return {t for t in ("Mekong story", "Mara story", "Peru story") if t in body}

    assert titles(country="KH") == {"Mekong story"}
    assert titles(country="ke") == {"Mara story"}
    assert titles(basin="Rimac") == {"Peru story"}
    assert titles(region="asia") == {"Mekong story"}
    assert titles(year="2005") == {"Mara story"}
    assert titles(q="mekong") == {"Mekong story"}
    assert len(titles(country="\x00", basin="\x00", q="\x00" * 5, year="x" * 20_000, page="\x00")) == 3


def test_tool_and_reference_filters(client):
    ToolFactory(title="Water pricing", category=Category.FINANCING)
    ToolFactory(title="Basin committees", category=Category.INSTITUTIONS)
    body = client.get(reverse("knowledge:tool-list"), {"category": Category.FINANCING}).content.decode()
    assert "Water pricing" in body and "Basin committees" not in body
    ref = ReferenceFactory(title="Old report", year=1999)
    ref.tags.add("pricing")
    ReferenceFactory(title="New report", year=2021)
    body = client.get(reverse("knowledge:reference-list"), {"year": "1999"}).content.decode()
    assert "Old report" in body and "New report" not in body
    body = client.get(reverse("knowledge:reference-list"), {"tag": "pricing"}).content.decode()
    assert "Old report" in body and "New report" not in body


def _fill(n):
    tools = ToolFactory.create_batch(n)
    for i in range(n):
        case = CaseStudyFactory()
        case.tools.add(tools[i % len(tools)])
        case.tags.add(f"tag{i}")
        ref = ReferenceFactory()
        ref.tags.add(f"tag{i}")
        ref.related_tools.add(tools[i % len(tools)])
    return tools


def test_list_pages_query_counts_do_not_grow(client, django_assert_max_num_queries):
    """Each page runs the same number of queries with 3 and with 15 items of each kind (and at most the limit)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tools = _fill(3)
    case = CaseStudy.objects.first()
    client.force_login(UserFactory())

    def pages():
        ids = ",".join(str(c.pk) for c in CaseStudy.objects.all()[:4])
        return [
            (reverse("knowledge:home"), 10),
            (reverse("knowledge:home") + "?q=basin", 10),
            (reverse("knowledge:tool-list"), 8),
            (reverse("knowledge:tool-detail", args=[tools[0].slug]), 10),
            (reverse("knowledge:reference-list"), 10),
            (reverse("knowledge:case-list"), 10),
            (reverse("knowledge:case-detail", args=[case.pk]), 12),
            (reverse("knowledge:case-compare") + "?ids=" + ids, 10),
        ]

    def measure():
        counts = []
        for url, limit in pages():
            with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            counts.append(len(ctx.captured_queries))
        return counts

    client.get(reverse("knowledge:home"))  # session warm-up
    small = measure()
    more = _fill(12)
    for tool in more:
        tool.case_studies.add(case)
    assert measure() == small


def test_every_post_refused_without_csrf(csrf_client):
    from knowledge.tests.factories import make_community, make_thread

    author = UserFactory()
    staff = UserFactory(is_staff=True)
    case = CaseStudyFactory(author=author, status=CaseStatus.DRAFT)
    thread = make_thread(make_community(), author)
    ref = ReferenceFactory()
    from knowledge.models import CaseStudyAttachment

    attachment = CaseStudyAttachment.objects.create(
        case_study=case, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), original_name="a.pdf",
        content_type="application/pdf", size=8,
    )  # fmt: skip
    posts = [
        (author, reverse("knowledge:case-create"), FORM),
        (author, reverse("knowledge:case-edit", args=[case.pk]), FORM),
        (author, reverse("knowledge:case-submit", args=[case.pk]), {}),
        (staff, reverse("knowledge:case-review", args=[case.pk]), {"action": "comment", "comment": "x"}),
        (staff, reverse("knowledge:reference-create"), {"title": "x", "url": "https://e.org"}),
        (staff, reverse("knowledge:reference-edit", args=[ref.pk]), {"title": "x", "url": "https://e.org"}),
        (staff, reverse("knowledge:promote-thread", args=[thread.pk]), {"kind": "reference"}),
        (author, reverse("knowledge:case-attachment-remove", args=[case.pk, attachment.pk]), {}),
    ]
    for user, url, data in posts:
        csrf_client.login(email=user.email, password=PASSWORD)
        assert csrf_client.post(url, data).status_code == 403, url
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT and not case.history.exists()
    assert CaseStudyAttachment.objects.filter(pk=attachment.pk).exists()


def test_review_actions_through_the_page(client):
    author, staff = UserFactory(), UserFactory(is_staff=True)
    case = CaseStudyFactory(author=author, status=CaseStatus.SUBMITTED)
    client.force_login(staff)
    url = reverse("knowledge:case-review", args=[case.pk])
    client.post(url, {"action": "start_review"})
    client.post(url, {"action": "decline", "comment": ""})  # refused: reason needed
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    client.post(url, {"action": "bogus\x00"})
    client.post(url, {"action": "comment", "comment": "c" * 100_000})
    assert case.history.count() == 1
    client.post(url, {"action": "publish"})
    case.refresh_from_db()
    assert case.status == CaseStatus.PUBLISHED
    assert "History" in client.get(case.get_absolute_url()).content.decode()

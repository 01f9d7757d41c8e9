"""A member shares a case study; a curator publishes it (two browser contexts)."""

from accounts.tests.factories import PASSWORD, UserFactory
from knowledge.models import CaseStatus, CaseStudy
from knowledge.tests.factories import CaseStudyFactory, ToolFactory
from tests.e2e.conftest import assert_accessible, login


def test_case_study_submitted_and_published(live_server_url, new_page):
    author = UserFactory(display_name="Amina Diallo")
    curator = UserFactory(is_staff=True, display_name="Curator Lars")
    ToolFactory(title="Environmental flows")
    CaseStudyFactory.create_batch(2)

    page = new_page()
    login(page, live_server_url, author.email, PASSWORD)
    page.goto(live_server_url + "/knowledge/")
    assert_accessible(page, "knowledge home")
    page.goto(live_server_url + "/knowledge/case-studies/new/")
    assert_accessible(page, "case study form")
    page.fill("#id_title", "Negotiated flows on the Great Ruaha")
    page.select_option("#id_countries", ["TZ"])
    page.fill("#id_river_basins", "Rufiji, Great Ruaha")
    page.select_option("#id_region", "africa")
    page.fill("#id_period_start", "2014")
    page.fill("#id_period_end", "2019")
    page.fill("#id_context", "The Ruaha dried up every dry season.")
    page.fill("#id_actions", "Upstream irrigators agreed a rotation.")
    page.fill("#id_outcomes", "The river flowed through the national park again.")
    page.fill("#id_lessons", "Rotation rules must be simple to check.")
    page.select_option("#id_tools", label="Environmental flows")
    page.click("button[name=submit_now]")
    page.wait_for_selector("text=sent to the curators")
    assert_accessible(page, "case study (submitted)")
    case = CaseStudy.objects.get(title="Negotiated flows on the Great Ruaha")
    assert case.status == CaseStatus.SUBMITTED

    staff = new_page()
    login(staff, live_server_url, curator.email, PASSWORD)
    staff.goto(live_server_url + "/knowledge/case-studies/queue/")
    assert_accessible(staff, "curation queue")
    staff.click("text=Negotiated flows on the Great Ruaha")
    staff.click("button[value=start_review]")
    staff.fill("#review-comment", "Lovely. Publishing now.")
    staff.click("button[value=publish]")
    staff.wait_for_selector("text=the author has been notified")

    page.goto(live_server_url + case.get_absolute_url())
    assert page.locator("text=Status:").count() == 0
    assert page.locator("#history").inner_text().count("Published") >= 1

    page.goto(live_server_url + "/knowledge/case-studies/")
    assert_accessible(page, "case list")
    boxes = page.locator("input[name=ids]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.click("text=Compare selected")
    page.wait_for_selector("table")
    assert "ids=" in page.url or "Share this comparison" in page.content()
    assert_accessible(page, "comparison")

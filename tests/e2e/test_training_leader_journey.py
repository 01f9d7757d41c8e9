"""A community leader in a real browser: intake questionnaire -> workspaces -> charter -> submitted."""

from accounts.tests.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, login
from training.models import CharterStatus, IntakeQuestionnaire, NetworkNode, NetworkTie
from training.tests.factories import DesignProgrammeFactory


def test_training_leader_from_intake_to_submitted_charter(page, live_server_url):
    base = live_server_url
    leader = UserFactory(email="halima@example.org", username="halima", display_name="Halima Oumarou")
    expert = UserFactory(email="expert@example.org", username="expertx")
    programme = DesignProgrammeFactory(
        proposed_name="Niger Basin Irrigators Network", leaders=[leader], experts=[expert],
        modules=["systems", "roles", "activities"], training_days=1,
    )  # fmt: skip
    a = NetworkNode.objects.create(programme=programme, name="Office du Niger", node_kind="organisation")
    b = NetworkNode.objects.create(programme=programme, name="Moussa Keita", organisation="Office du Niger")
    c = NetworkNode.objects.create(programme=programme, name="Aïssata Diallo", sector="civil society")
    NetworkTie.objects.create(programme=programme, source=a, target=b)
    NetworkTie.objects.create(programme=programme, source=b, target=c, platform="WhatsApp")
    login(page, base, leader.email, PASSWORD)

    page.goto(f"{base}/programme/")
    page.get_by_role("link", name="Niger Basin Irrigators Network").click()
    page.get_by_role("link", name="Fill in the intake questionnaire").click()
    assert_accessible(page, "intake questionnaire")
    page.get_by_role("button", name="Save the questionnaire").click()
    # Required answers are explained, nothing is saved.
    assert page.locator(".invalid-feedback").first.is_visible()
    assert not IntakeQuestionnaire.objects.filter(programme=programme).exists()
    page.get_by_label("Why do you want a Community of Practice?").fill("Irrigation schemes repeat the same mistakes.")
    page.get_by_label("What should it achieve in its first two years?").fill("Shared maintenance practice.")
    page.get_by_label("Who should take part?").fill("Scheme managers and water user associations.")
    page.get_by_label("What do you expect from the hub and the training?").fill("A trained team of moderators.")
    # The answers are kept as a draft while typing (htmx), before anything is submitted.
    page.get_by_text("Draft saved at").wait_for()
    assert IntakeQuestionnaire.objects.get(programme=programme).submitted_at is None
    page.get_by_role("button", name="Save the questionnaire").click()
    page.wait_for_url(f"{base}/programme/{programme.pk}/")
    assert page.get_by_text("the questionnaire is saved").is_visible()

    # Step 2: the agenda, the network diagram and metrics, then the roles workspace.
    page.goto(f"{base}/programme/{programme.pk}/training/")
    assert_accessible(page, "training agenda")
    page.goto(f"{base}/programme/{programme.pk}/workspace/network/")
    assert page.locator("svg.training-diagram circle").count() == 3
    assert page.get_by_text("Invite first:").is_visible()
    assert_accessible(page, "network workspace")
    # (htmx adds rows without a page reload)
    page.goto(f"{base}/programme/{programme.pk}/workspace/roles/")
    assert_accessible(page, "roles workspace")
    page.get_by_label("Role").select_option("convenor")
    page.get_by_label("Person").fill("Halima Oumarou")
    page.get_by_label("Email").fill(leader.email)
    page.get_by_label("Hours per week").fill("5")
    page.get_by_label("Responsibilities").fill("Convenes the community and reports to the partners.")
    page.get_by_role("button", name="Add").click()
    page.locator("#workspace-body td", has_text="Convenes the community").wait_for()
    assert page.get_by_text("Resource estimate: 5.0 hours per week").is_visible()

    page.goto(f"{base}/programme/{programme.pk}/workspace/activities/")
    page.locator("#id_kind").select_option("webinar")
    page.get_by_label("Title").fill("Launch webinar on canal maintenance")
    page.get_by_label("Date").fill("2027-02-15")
    page.get_by_label("Owner").fill("Halima")
    page.get_by_role("button", name="Add").click()
    page.locator("#workspace-body td strong", has_text="Launch webinar on canal maintenance").wait_for()

    # The charter: written parts + workspaces, assembled, then submitted.
    page.goto(f"{base}/programme/{programme.pk}/charter/")
    assert_accessible(page, "charter draft")
    page.get_by_label("Community description").fill("Scheme managers share what keeps canals running.")
    page.get_by_label("Objectives").fill("Publish a maintenance checklist\nHold a peer assist each quarter")
    page.get_by_role("button", name="Save and assemble a version").click()
    page.wait_for_url(f"{base}/programme/{programme.pk}/charter/v1/")
    assert page.get_by_role("cell", name="Launch webinar on canal maintenance").is_visible()
    assert_accessible(page, "charter version")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(f"{base}/programme/{programme.pk}/charter/v1/")
    assert page.get_by_text("Charter submitted").is_visible()
    assert programme.charter_versions.get().status == CharterStatus.SUBMITTED

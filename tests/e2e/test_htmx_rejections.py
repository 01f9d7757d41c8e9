"""A rejected htmx submission (400) is swapped in place with its messages; the text typed stays."""

from accounts.tests.factories import PASSWORD, UserFactory
from tests.e2e.conftest import login
from training.models import RoleAssignment
from training.tests.factories import DesignProgrammeFactory


def test_rejected_workspace_item_shows_its_errors_in_place(page, live_server_url):
    base = live_server_url
    leader = UserFactory(email="amina@example.org", username="amina")
    programme = DesignProgrammeFactory(leaders=[leader], modules=["roles"])
    login(page, base, leader.email, PASSWORD)
    page.goto(f"{base}/programme/{programme.pk}/workspace/roles/")
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "/add/" in r.url else None)
    page.get_by_label("Person").fill("Amina Diallo")
    page.get_by_label("Hours per week").fill("-3")
    page.get_by_role("button", name="Add").click()
    page.locator("#workspace-body .invalid-feedback").first.wait_for()
    assert statuses == [400]
    assert page.url.endswith("/workspace/roles/")  # swapped by htmx, no page load
    assert page.get_by_label("Person").input_value() == "Amina Diallo"
    assert not RoleAssignment.objects.filter(programme=programme).exists()

"""Who may use each privacy route: anonymous, the member, another member, staff, superuser.

Outcomes: "ok" (2xx, or a redirect that is not the login page), "login" (redirect to log
in), 403, 404.  The export link and the staff page are about ``owner``: another member (and
staff, for the download) get 404, exactly as for an export that does not exist.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from privacy import permissions as perms
from privacy.services import export as export_services

L = "login"
ROLES = ("anonymous", "owner", "other", "staff", "superuser")

EXPECTED = {
    "data": {"anonymous": L, "owner": "ok", "other": "ok", "staff": "ok", "superuser": "ok"},
    "export_request": {"anonymous": L, "owner": "ok", "other": "ok", "staff": "ok", "superuser": "ok"},
    "export_download": {"anonymous": L, "owner": "ok", "other": 404, "staff": 404, "superuser": 404},
    "delete_page": {"anonymous": L, "owner": "ok", "other": "ok", "staff": "ok", "superuser": "ok"},
    "delete_post_wrong_password": {"anonymous": L, "owner": 400, "other": 400, "staff": 400, "superuser": 400},
    "deleted": {"anonymous": "ok", "owner": "ok", "other": "ok", "staff": "ok", "superuser": "ok"},
    "staff_delete_page": {"anonymous": L, "owner": 403, "other": 403, "staff": "ok", "superuser": "ok"},
    "staff_delete_superuser_page": {"anonymous": L, "owner": 403, "other": 403, "staff": 403, "superuser": "ok"},
}


@pytest.fixture
def people(db):
    return {
        "owner": UserFactory(),
        "other": UserFactory(),
        "staff": UserFactory(is_staff=True),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        "target_superuser": UserFactory(is_staff=True, is_superuser=True),
    }


def _ready_export(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = export_services.export_request(user=user)
    export.refresh_from_db()
    return export


def perform(action, client, people, capture):
    owner = people["owner"]
    if action == "data":
        return client.get(reverse("privacy:data"))
    if action == "export_request":
        return client.post(reverse("privacy:export-request"))
    if action == "export_download":
        export = _ready_export(owner, capture)
        return client.get(reverse("privacy:export-download", kwargs={"token": export_services.export_token(export)}))
    if action == "delete_page":
        return client.get(reverse("privacy:delete"))
    if action == "delete_post_wrong_password":
        data = {"password": "not-the-password", "posts": "anonymise", "confirm": "on"}
        return client.post(reverse("privacy:delete"), data)
    if action == "deleted":
        return client.get(reverse("privacy:deleted"))
    if action == "staff_delete_page":
        return client.get(reverse("privacy:staff-delete", kwargs={"user_id": owner.pk}))
    if action == "staff_delete_superuser_page":
        return client.get(reverse("privacy:staff-delete", kwargs={"user_id": people["target_superuser"].pk}))
    raise AssertionError(action)


def outcome(response):
    if response.status_code in (400, 403, 404):
        return response.status_code
    if response.status_code == 302:
        return L if response.url.startswith(reverse("account_login")) else "ok"
    assert response.status_code == 200, response.status_code
    return "ok"


CASES = [pytest.param(a, r, EXPECTED[a][r], id=f"{a}-{r}") for a in EXPECTED for r in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role", "expected"), CASES)
def test_privacy_permission_matrix(action, role, expected, client, people, django_capture_on_commit_callbacks):
    if role != "anonymous":
        client.force_login(people[role])
    assert outcome(perform(action, client, people, django_capture_on_commit_callbacks)) == expected


@pytest.mark.django_db
def test_privacy_staff_page_for_a_missing_account_is_404(client, people):
    client.force_login(people["staff"])
    assert client.get(reverse("privacy:staff-delete", kwargs={"user_id": 999999})).status_code == 404


@pytest.mark.django_db
def test_privacy_rules(people):
    staff, owner = people["staff"], people["owner"]
    assert perms.can_erase_account(staff, owner)
    assert not perms.can_erase_account(staff, staff)
    assert not perms.can_erase_account(owner, people["other"])
    assert not perms.can_erase_account(staff, people["target_superuser"])
    assert perms.can_erase_account(people["superuser"], people["target_superuser"])

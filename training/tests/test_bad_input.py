"""Forms re-render with explanations; no 500 on NUL bytes, huge values or foreign ids; CSRF is enforced."""

import pytest
from django.urls import reverse

from training.models import DesignProgramme, NetworkNode, SystemElement
from training.tests.factories import DesignProgrammeFactory

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000


@pytest.mark.parametrize(
    "route,data",
    [
        ("intake", {"motivation": "ok\x00", "purpose": HUGE, "audience": "", "expectations": "x"}),
        ("charter", {"description": "\x00", "objectives": "   \n - ", "topics": HUGE}),
        ("followup", {"title": "", "due_on": "31/02/2027", "status": "nonsense", "owner": "999999"}),
        ("consultation-create", {"held_on": "yesterday", "participants": HUGE}),
        ("tailor", {"modules": ["systems", "teleportation"], "days": "7"}),
        ("session-create", {"title": "T", "starts_at": "never", "link": "javascript:alert(1)"}),
        ("programme-people", {"leaders": "nobody@nowhere.example", "experts": "\x00"}),
    ],
)
def test_programme_forms_explain_errors(client, programme, admin, route, data):
    client.force_login(admin)
    response = client.post(reverse(f"training:{route}", args=[programme.pk]), data)
    assert response.status_code == 400
    assert 'class="invalid-feedback' in response.content.decode() or "alert-danger" in response.content.decode()


@pytest.mark.parametrize(
    "module,kind,data",
    [
        ("systems", "element", {"category": "volcano", "name": HUGE}),
        ("systems", "link", {"source": "abc", "target": "", "link_type": "uses"}),
        ("network", "node", {"name": "\x00", "node_kind": "person"}),
        ("roles", "role", {"role": "convenor", "email": "not-an-email", "hours_per_week": "-3", "responsibilities": ""}),
        ("activities", "activity", {"kind": "webinar", "title": "T", "starts_on": "2027-05-02", "ends_on": "2027-05-01",
                                    "owner": "A", "format": "online"}),
        ("cases", "caselink", {"case": "99999"}),
    ],
)  # fmt: skip
def test_workspace_items_explain_errors(client, programme, leader, module, kind, data):
    client.force_login(leader)
    url = reverse("training:workspace-item-add", args=[programme.pk, module, kind])
    response = client.post(url, data)
    assert response.status_code == 400 and "invalid-feedback" in response.content.decode()
    htmx = client.post(url, data, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 400 and 'id="workspace-body"' in htmx.content.decode()
    assert "invalid-feedback" in htmx.content.decode()


def test_workspace_link_cannot_point_into_another_programme(client, programme, leader):
    other = DesignProgrammeFactory()
    foreign = SystemElement.objects.create(programme=other, category="actor", name="Foreign ministry")
    mine = SystemElement.objects.create(programme=programme, category="actor", name="Basin office")
    client.force_login(leader)
    response = client.post(
        reverse("training:workspace-item-add", args=[programme.pk, "systems", "link"]),
        {"source": mine.pk, "target": foreign.pk, "link_type": "cooperates"},
    )
    assert response.status_code == 400 and not programme.system_links.exists()
    # Deleting another programme's row through my programme does nothing.
    node = NetworkNode.objects.create(programme=other, name="Someone")
    client.post(reverse("training:workspace-item-delete", args=[programme.pk, "network", "node", node.pk]))
    assert NetworkNode.objects.filter(pk=node.pk).exists()


def test_unknown_module_and_kind_are_404(client, programme, leader):
    client.force_login(leader)
    assert client.get(reverse("training:workspace", args=[programme.pk, "astrology"])).status_code == 404
    url = reverse("training:workspace-item-add", args=[programme.pk, "systems", "node"])
    assert client.post(url, {"name": "x"}).status_code == 404


def test_proposal_form_errors_and_nul(client, leader):
    client.force_login(leader)
    response = client.post(reverse("training:propose"), {"kind": "new", "organisation": "\x00", "proposed_name": "",
                                                         "topic": HUGE, "summary": ""})  # fmt: skip
    assert response.status_code == 400 and not DesignProgramme.objects.exists()
    assert response.content.decode().count("invalid-feedback") >= 3


def test_charter_diff_and_pdf_of_missing_versions_are_404(client, programme, leader):
    client.force_login(leader)
    assert client.get(reverse("training:charter-diff", args=[programme.pk]), {"a": "x", "b": "1"}).status_code == 404
    assert client.get(reverse("training:charter-pdf", args=[programme.pk, 9])).status_code == 404


def test_submit_without_charter_and_assemble_without_draft_explain(client, programme, leader):
    client.force_login(leader)
    response = client.post(reverse("training:charter-assemble", args=[programme.pk]), follow=True)
    assert "Write the objectives and the description first." in response.content.decode()


@pytest.mark.parametrize(
    "route,args",
    [("propose", []), ("intake", ["pk"]), ("workspace-item-add", ["pk", "systems", "element"]),
     ("charter-assemble", ["pk"]), ("comment-add", ["pk"]), ("launch", ["pk"])],
)  # fmt: skip
def test_posts_without_csrf_token_are_refused(csrf_client, programme, leader, admin, route, args):
    csrf_client.force_login(admin if route == "launch" else leader)
    url = reverse(f"training:{route}", args=[programme.pk if a == "pk" else a for a in args])
    response = csrf_client.post(url, {"category": "actor", "name": "Fishers", "body": "Hello"})
    assert response.status_code == 403
    assert not programme.system_elements.exists() and not programme.comments.exists()


def test_charter_pdf_survives_any_script_and_huge_values(client, programme, leader):
    from training.models import CharterVersion

    content = {"name": "Réseau du bassin — ‘Aïssata’ 中文 عربى 🌊", "organisation": "Org", "topic": "T" * 3000,
               "description": "flood " * 5000, "objectives": ["Objective “one”"] * 40, "value": [],
               "audience": {"people": 1, "organisations": ["Basin office"] * 100}, "activities": [],
               "roles": [{"role_label": "Convenor", "person": "", "email": "a@example.org", "hours": 2.5,
                          "responsibilities": "R"}], "hours_per_week": 2.5}  # fmt: skip
    CharterVersion.objects.create(programme=programme, number=1, content=content, text="x")
    client.force_login(leader)
    response = client.get(reverse("training:charter-pdf", args=[programme.pk, 1]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith('attachment; filename="charter-')

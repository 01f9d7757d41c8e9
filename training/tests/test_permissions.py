"""Who may use each design-programme route: anonymous, a hub member, the programme's leader,
a leader of another programme, the assigned staff expert, an expert of another programme,
and a staff admin (is_staff).  Outsiders get 404: a programme's existence is private."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Membership
from communities.tests.factories import CommunityFactory
from training.models import CharterStatus, CharterVersion, Consultation, SystemElement
from training.tests.factories import DesignProgrammeFactory, GoodCaseFactory, MilestoneFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "leader", "other_leader", "expert", "other_expert", "admin"]


@pytest.fixture
def world(programme, leader, expert, admin):
    other = DesignProgrammeFactory(
        leaders=[UserFactory(username="otherleader")], experts=[UserFactory(username="otherexpert")]
    )
    consultation = Consultation.objects.create(programme=programme, held_on="2027-01-10", participants="Leaders")
    for number in (1, 2):
        CharterVersion.objects.create(
            programme=programme, number=number, content={"name": "X", "organisation": "Y", "topic": "Z",
                                                         "objectives": ["One"], "audience": {}, "activities": [],
                                                         "roles": [], "hours_per_week": 0},
            text=f"Charter v{number}\n", status=CharterStatus.APPROVED if number == 2 else CharterStatus.DRAFT,
        )  # fmt: skip
    session = TrainingSessionFactory(programme=programme)
    users = {
        "anonymous": None,
        "member": UserFactory(username="plainmember"),
        "leader": leader,
        "other_leader": other.leaders.get(),
        "expert": expert,
        "other_expert": other.experts.get(),
        "admin": admin,
    }
    return {
        "programme": programme,
        "users": users,
        "consultation": consultation,
        "milestone": MilestoneFactory(programme=programme),
        "session": session,
        "element": SystemElement.objects.create(programme=programme, category="actor", name="Basin office"),
    }


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


OUT = {"member": 404, "other_leader": 404, "other_expert": 404, "anonymous": 302}
ALL_IN = {"leader": 200, "expert": 200, "admin": 200}
MANAGE = {"leader": 403, "expert": 200, "admin": 200}
ADMIN_ONLY = {"leader": 403, "expert": 403, "admin": 200}

GET_ROUTES = {
    "programme-detail": ((), ALL_IN),
    "programme-people": ((), ADMIN_ONLY),
    "intake": ((), ALL_IN),
    "preparatory": ((), ALL_IN),
    "consultation-create": ((), MANAGE),
    "consultation-edit": (("consultation",), MANAGE),
    "tailor": ((), MANAGE),
    "agenda": ((), ALL_IN),
    "session-create": ((), MANAGE),
    "workspace": (("module",), ALL_IN),
    "lab-checklist": ((), ALL_IN),
    "charter": ((), ALL_IN),
    "charter-diff": ((), ALL_IN),
    "charter-version": (("number",), ALL_IN),
    "charter-pdf": (("number",), ALL_IN),
    "launch": ((), ADMIN_ONLY),
    "followup": ((), ALL_IN),
    "milestone-edit": (("milestone",), ALL_IN),
    "workspace-item-edit": (("module", "kind", "element"), ALL_IN),
}


def _args(world, extra):
    values = {"consultation": world["consultation"].pk, "module": "systems", "number": 2, "kind": "element",
              "element": world["element"].pk,
              "milestone": world["milestone"].pk, "session": world["session"].pk}  # fmt: skip
    return [world["programme"].pk] + [values[name] for name in extra]


@pytest.mark.parametrize("route", sorted(GET_ROUTES))
def test_programme_get_routes_matrix(client, world, route):
    extra, inside = GET_ROUTES[route]
    url = reverse(f"training:{route}", args=_args(world, extra))
    got = {}
    for role in ROLES:
        client.logout()
        response = _client(client, world["users"][role]).get(url)
        got[role] = response.status_code
        if role == "anonymous":
            assert "/accounts/login/" in response.url
    assert got == {role: {**OUT, **inside}[role] for role in ROLES}, route


POST_ROUTES = {
    "programme-status": ((), {"stage": "training", "preparatory_status": "done", "training_status": "in_progress",
                              "support_status": "not_started"}, {"leader": 403, "expert": 302, "admin": 302}),
    "attendance": (("session",), {}, {"leader": 403, "expert": 302, "admin": 302}),
    "programme-pick-up": ((), {}, {"leader": 403, "expert": 403, "admin": 302}),
    "workspace-item-add": (("module", "kind"), {"category": "actor", "name": "Fishers"},
                           {"leader": 302, "expert": 302, "admin": 400}),
    "workspace-item-delete": (("module", "kind", "item"), {}, {"leader": 302, "expert": 302, "admin": 302}),
    "sandbox-create": ((), {}, {"leader": 302, "expert": 302, "admin": 302}),
    "lab-tick": ((), {"item": "flag"}, {"leader": 302, "expert": 302, "admin": 302}),
    "charter-assemble": ((), {}, {"leader": 302, "expert": 302, "admin": 302}),
    "charter-submit": (("number1",), {}, {"leader": 302, "expert": 302, "admin": 302}),
    "charter-review": (("number1",), {"decision": "approve"}, {"leader": 403, "expert": 302, "admin": 302}),
    "comment-add": ((), {"body": "Well done"}, {"leader": 302, "expert": 302, "admin": 302}),
}  # fmt: skip


@pytest.mark.parametrize("route", sorted(POST_ROUTES))
def test_programme_post_routes_matrix(client, world, route, django_capture_on_commit_callbacks):
    for role in ROLES:
        client.logout()
        _check_post(client, world, route, role, django_capture_on_commit_callbacks)


def _check_post(client, world, route, role, django_capture_on_commit_callbacks):
    extra, data, inside = POST_ROUTES[route]
    values = {"session": world["session"].pk, "module": "systems", "kind": "element", "item": 1, "number1": 1}
    args = [world["programme"].pk] + [values[name] for name in extra]
    if route == "charter-review":
        CharterVersion.objects.filter(programme=world["programme"], number=1).update(status=CharterStatus.SUBMITTED)
    expected = {**OUT, **inside}[role]
    if route == "workspace-item-add" and role == "expert":
        data = {**data, "name": "Fish traders"}
    # (admin posts the element the leader already added: refused with an explanation, 400, never a 500)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(client, world["users"][role]).post(reverse(f"training:{route}", args=args), data)
    assert response.status_code == expected, (route, role)


GLOBAL_ROUTES = {
    "programme-list": ((), {"anonymous": 302}),
    "propose": ((), {}),
    "insights": ((), {"anonymous": 302, "member": 403, "leader": 403, "other_leader": 403, "expert": 403,
                      "other_expert": 403}),
    "sessions": ((), {"anonymous": 302}),
    "case-list": ((), {}),
    "case-detail": (("case",), {}),
    "case-create": ((), {"anonymous": 302, "member": 403, "leader": 403, "other_leader": 403, "expert": 403,
                         "other_expert": 403}),
    "case-edit": (("case",), {"anonymous": 302, "member": 403, "leader": 403, "other_leader": 403, "expert": 403,
                              "other_expert": 403}),
}  # fmt: skip


@pytest.mark.parametrize("route", sorted(GLOBAL_ROUTES))
def test_global_routes_matrix(client, world, route):
    extra, exceptions = GLOBAL_ROUTES[route]
    case = GoodCaseFactory(slug="delta-circle")
    url = reverse(f"training:{route}", args=[case.slug for _name in extra])
    got = {}
    for role in ROLES:
        client.logout()
        got[role] = _client(client, world["users"][role]).get(url).status_code
    assert got == {role: exceptions.get(role, 200) for role in ROLES}, route


def test_programme_list_shows_only_visible_programmes(client, world):
    for role, expected in {"member": 0, "leader": 1, "other_leader": 1, "expert": 1, "admin": 2}.items():
        client.force_login(world["users"][role])
        response = client.get(reverse("training:programme-list"))
        assert len(response.context["page"].object_list) == expected, role


def test_unpublished_case_is_hidden_from_non_staff(client, world):
    case = GoodCaseFactory(slug="draft-case", is_published=False)
    client.force_login(world["users"]["leader"])
    assert client.get(case.get_absolute_url()).status_code == 404
    client.force_login(world["users"]["admin"])
    assert client.get(case.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("visibility", ["public", "private", "hidden"])
@pytest.mark.parametrize("route", ["community-plan", "value-stories"])
def test_launched_community_pages_matrix(client, world, visibility, route):
    community = CommunityFactory(visibility=visibility)
    programme = world["programme"]
    programme.community = community
    programme.save()
    users = dict(world["users"], community_member=UserFactory(username="cm"))
    Membership.objects.create(user=users["community_member"], community=community, role="member", status="active")
    for role in ["anonymous", "member", "community_member", "leader", "admin"]:
        client.logout()
        _check_community_page(client, users, community, visibility, role, route)


def _check_community_page(client, users, community, visibility, role, route):
    response = _client(client, users[role]).get(reverse(f"training:{route}", args=[community.slug]))
    sees = visibility == "public" or role in ("community_member", "leader", "admin")
    assert response.status_code == (200 if sees else 404), (visibility, role)
    if route == "value-stories" and response.status_code == 200:
        can_tell = role in ("community_member", "leader", "admin")
        assert response.context["can_submit"] is can_tell
        post = client.post(reverse(f"training:{route}", args=[community.slug]),
                           {"cycle": "applied", "title": "We reused the protocol", "story": "In two districts."})  # fmt: skip
        assert post.status_code == (302 if can_tell else 403), (visibility, role)


def test_community_page_for_community_without_programme_is_404(client):
    community = CommunityFactory()
    assert client.get(reverse("training:community-plan", args=[community.slug])).status_code == 404

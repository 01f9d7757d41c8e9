"""IT Lab: the sandbox community and the checklist that ticks itself from real data."""

import pytest
from django.urls import reverse

from communities.models import Community, Membership
from discussions.models import Thread
from training.selectors import lab_checklist

pytestmark = pytest.mark.django_db


def _done(programme):
    return {row["item"]: row["done"] for row in lab_checklist(programme)}


def test_sandbox_checklist_ticks_itself_as_leaders_practise(client, programme, leader):
    from communities.services import membership_approve
    from discussions.services import post_create
    from moderation.services.flags import flag_create, flags_dismiss
    from moderation.services.threads import thread_set_pinned

    client.force_login(leader)
    assert _done(programme) == {"post": False, "pin": False, "approve": False, "flag": False}
    response = client.post(reverse("training:sandbox-create", args=[programme.pk]))
    assert response.status_code == 302
    programme.refresh_from_db()
    sandbox = programme.sandbox
    assert sandbox.kind == "sandbox" and sandbox.visibility == "private"
    assert Membership.objects.get(community=sandbox, user=leader).role == "owner"
    # Creating twice keeps the same sandbox.
    client.post(reverse("training:sandbox-create", args=[programme.pk]))
    assert Community.objects.filter(kind="sandbox").count() == 1
    assert _done(programme) == {"post": False, "pin": False, "approve": False, "flag": False}

    practice = Thread.objects.get(community=sandbox)
    post_create(author=leader, thread=practice, body="Welcome! Please keep offers out of this space.")
    assert _done(programme)["post"]
    thread_set_pinned(actor=leader, thread=practice, pinned=True)
    assert _done(programme)["pin"]
    pending = Membership.objects.get(community=sandbox, status="pending")
    membership_approve(actor=leader, community=sandbox, memberships=[pending.pk])
    assert _done(programme)["approve"]
    flag_create(reporter=leader, item=practice.posts.get(number=1), reason="spam")
    assert not _done(programme)["flag"]
    flags_dismiss(actor=leader, item=practice.posts.get(number=1))
    assert _done(programme) == {"post": True, "pin": True, "approve": True, "flag": True}
    fragment = client.get(reverse("training:lab-checklist", args=[programme.pk]))
    assert fragment.status_code == 200 and fragment.content.decode().count("✓") == 4


def test_lab_tick_refuses_items_the_hub_detects(client, programme, leader):
    client.force_login(leader)
    response = client.post(reverse("training:lab-tick", args=[programme.pk]), {"item": "post"}, follow=True)
    assert "ticks itself" in response.content.decode()
    response = client.post(reverse("training:lab-tick", args=[programme.pk]), {"item": "bogus"}, follow=True)
    assert "Unknown checklist item." in response.content.decode()

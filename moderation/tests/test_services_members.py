"""Member tools, hub-wide suspension and the audit log (services)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory
from communities import permissions as cp
from communities.models import Membership, MembershipStatus, Role
from discussions.models import Thread
from moderation import services
from moderation.models import AuditAction, AuditEntry, PlatformSuspension
from moderation.tests.factories import add_member
from notifications.models import Notification
from notifications.tests.helpers import committed


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- Members --------------------------------------------------------------------------------------


@pytest.mark.parametrize("duration,days", [("1d", 1), ("7d", 7), ("30d", 30)])
def test_member_suspend_ends_by_itself(world, duration, days):
    with committed():
        services.member_suspend(
            actor=world.mod_a, community=world.a, user=world.author, duration=duration, reason="Spam"
        )
    author = _fresh(world.author)
    assert not cp.can_post_in_community(author, world.a)
    assert cp.can_view_community(author, world.a)
    with time_machine.travel(timezone.now() + timedelta(days=days, minutes=1)):
        assert cp.can_post_in_community(_fresh(world.author), world.a)
    assert Notification.objects.filter(recipient=world.author, text__icontains="suspended").exists()


def test_member_suspend_permanent_and_lift(world):
    services.member_suspend(
        actor=world.mod_a, community=world.a, user=world.author, duration="permanent", reason="Harassment"
    )
    with time_machine.travel(timezone.now() + timedelta(days=3650)):
        assert not cp.can_post_in_community(_fresh(world.author), world.a)
    services.member_unsuspend(actor=world.mod_a, community=world.a, user=world.author)
    assert cp.can_post_in_community(_fresh(world.author), world.a)
    with pytest.raises(ValidationError):
        services.member_suspend(actor=world.mod_a, community=world.a, user=world.author, duration="2y", reason="x")


def test_member_actions_respect_roles(world):
    with pytest.raises(PermissionDenied):
        services.member_suspend(actor=world.mod_a, community=world.a, user=world.owner, duration="1d", reason="x")
    other_mod = add_member(world.a, role=Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        services.member_warn(actor=world.mod_a, community=world.a, user=other_mod, reason="x")
    with pytest.raises(PermissionDenied):
        services.member_warn(actor=world.mod_a, community=world.a, user=world.staff, reason="x")
    with pytest.raises(PermissionDenied):
        services.member_warn(actor=world.mod_a, community=world.a, user=world.mod_a, reason="x")
    with pytest.raises(PermissionDenied):  # moderators do not change roles
        services.member_set_role(actor=world.mod_a, community=world.a, user=world.author, role=Role.MODERATOR)
    with committed():
        services.member_set_role(actor=world.owner, community=world.a, user=world.author, role=Role.MODERATOR)
    assert Membership.objects.get(user=world.author, community=world.a).role == Role.MODERATOR
    assert Notification.objects.filter(recipient=world.author, kind="role_changed").exists()


def test_member_remove_and_ban(world):
    count = _fresh(world.a).member_count
    services.member_remove(actor=world.mod_a, community=world.a, user=world.members[2], reason="Left the field")
    assert Membership.objects.get(user=world.members[2], community=world.a).status == MembershipStatus.LEFT
    services.member_remove(actor=world.mod_a, community=world.a, user=world.author, reason="Spam", ban=True)
    assert Membership.objects.get(user=world.author, community=world.a).status == MembershipStatus.BANNED
    assert _fresh(world.a).member_count == count - 2


def test_join_request_decide(world):
    applicant = add_member(world.a, status=MembershipStatus.PENDING)
    other = add_member(world.a, status=MembershipStatus.PENDING)
    m1 = Membership.objects.get(user=applicant, community=world.a)
    m2 = Membership.objects.get(user=other, community=world.a)
    with pytest.raises(PermissionDenied):
        services.join_request_decide(actor=world.mod_b, membership=m1, approve=True)
    with committed():
        services.join_request_decide(actor=world.mod_a, membership=m1, approve=True)
        services.join_request_decide(actor=world.mod_a, membership=m2, approve=False)
    assert _fresh(m1).status == MembershipStatus.ACTIVE
    assert _fresh(m2).status == MembershipStatus.DECLINED
    assert Notification.objects.filter(recipient=applicant, kind="request_approved").exists()
    assert Notification.objects.filter(recipient=other, kind="request_declined").exists()
    with pytest.raises(ValidationError):
        services.join_request_decide(actor=world.mod_a, membership=m1, approve=False)


# --- Hub-wide suspension --------------------------------------------------------------------------


def test_platform_suspend_ends_sessions_and_expires(world, django_capture_on_commit_callbacks):
    victim = UserFactory()
    client = Client()
    assert client.login(email=victim.email, password=PASSWORD)
    assert Session.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.platform_suspend(actor=world.mod_a, user=victim, duration="7d", reason="Spam network")
    with pytest.raises(PermissionDenied):
        services.platform_suspend(actor=world.staff, user=UserFactory(is_staff=True), duration="7d", reason="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.platform_suspend(actor=world.staff, user=victim, duration="7d", reason="Spam network")
    assert not _fresh(victim).is_active
    assert Session.objects.count() == 0
    assert not Client().login(email=victim.email, password=PASSWORD)
    assert services.platform_suspension_expire() == 0
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=5)):
        assert services.platform_suspension_expire() == 1
        assert services.platform_suspension_expire() == 0  # idempotent
    assert _fresh(victim).is_active
    assert AuditEntry.objects.filter(action=AuditAction.PLATFORM_UNSUSPEND, target_user=victim).exists()


def test_platform_suspension_task_runs(world):
    from moderation.tasks import platform_suspension_expire_task

    victim = UserFactory()
    suspension = services.platform_suspend(actor=world.staff, user=victim, duration="1d", reason="Spam")
    PlatformSuspension.objects.filter(pk=suspension.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    platform_suspension_expire_task.delay()
    assert _fresh(victim).is_active


# --- Audit log ----------------------------------------------------------------------------------


def test_audit_log_is_append_only(world):
    services.thread_set_pinned(actor=world.mod_a, thread=world.thread, pinned=True)
    entry = AuditEntry.objects.get()
    assert entry.before["is_pinned"] is False and entry.after["is_pinned"] is True
    assert entry.actor == world.mod_a and entry.community == world.a
    entry.reason = "rewritten"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.bulk_update([entry], ["reason"])
    assert AuditEntry.objects.get().reason == ""


def test_every_service_writes_one_audit_entry(world):
    reply = _fresh(world.reply)
    calls = [
        (AuditAction.POST_HIDE, lambda: services.post_hide(actor=world.mod_a, post=reply, reason="r")),
        (AuditAction.POST_RESTORE, lambda: services.post_restore(actor=world.mod_a, post=_fresh(reply))),
        (AuditAction.POST_DELETE, lambda: services.post_delete_moderated(actor=world.mod_a, post=reply, reason="r")),
        (AuditAction.THREAD_PIN, lambda: services.thread_set_pinned(actor=world.mod_a, thread=world.thread, pinned=True)),
        (AuditAction.THREAD_UNPIN, lambda: services.thread_set_pinned(actor=world.mod_a, thread=world.thread, pinned=False)),
        (AuditAction.MEMBER_WARN, lambda: services.member_warn(actor=world.mod_a, community=world.a, user=world.author, reason="r")),
        (AuditAction.MEMBER_SUSPEND, lambda: services.member_suspend(actor=world.mod_a, community=world.a, user=world.author, duration="1d", reason="r")),
        (AuditAction.MEMBER_UNSUSPEND, lambda: services.member_unsuspend(actor=world.mod_a, community=world.a, user=world.author)),
        (AuditAction.MEMBER_ROLE, lambda: services.member_set_role(actor=world.owner, community=world.a, user=world.members[1], role=Role.MODERATOR)),
        (AuditAction.MEMBER_REMOVE, lambda: services.member_remove(actor=world.mod_a, community=world.a, user=world.members[2], reason="r")),
        (AuditAction.PLATFORM_SUSPEND, lambda: services.platform_suspend(actor=world.staff, user=world.outsider, duration="1d", reason="r")),
    ]  # fmt: skip
    for action, call in calls:
        before = AuditEntry.objects.count()
        call()
        assert AuditEntry.objects.count() == before + 1, action
        assert AuditEntry.objects.order_by("-id").first().action == action


def test_thread_objects_untouched_by_refused_actions(world):
    with pytest.raises(PermissionDenied):
        services.thread_hide(actor=world.members[0], thread=world.thread, reason="x")
    assert not Thread.objects.get(pk=world.thread.pk).is_hidden


def test_member_and_hub_actions_tell_open_sockets(world, monkeypatch, django_capture_on_commit_callbacks):
    from realtime import push

    calls = []
    monkeypatch.setattr(
        push, "send_to_user", lambda u, event: calls.append((event["type"], u, event.get("community_id")))
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.member_suspend(actor=world.mod_a, community=world.a, user=world.author, duration="1d", reason="x")
        services.platform_suspend(actor=world.staff, user=world.members[2], duration="1d", reason="Spam")
    assert ("realtime.recheck", world.author.pk, world.a.pk) in calls
    assert ("realtime.logout", world.members[2].pk, None) in calls


@pytest.mark.parametrize("duration", ["7d", "permanent"])
def test_suspended_member_sees_why_the_reply_box_is_gone(client, world, duration):
    services.member_suspend(actor=world.mod_a, community=world.a, user=world.author, duration=duration, reason="Spam")
    client.force_login(world.author)
    html = client.get(world.thread.get_absolute_url()).content.decode()
    assert 'id="reply-suspended"' in html and 'name="body"' not in html
    assert "You are suspended in this community" in html
    assert ("suspended in this community until" in html) == (duration == "7d")
    client.force_login(world.members[1])
    other = client.get(world.thread.get_absolute_url()).content.decode()
    assert 'id="reply-suspended"' not in other and 'name="body"' in other

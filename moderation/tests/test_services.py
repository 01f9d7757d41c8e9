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
from discussions.models import Post, PostStatus, Thread
from moderation import services
from moderation.models import AuditAction, AuditEntry, Flag, FlagReason, FlagStatus, MergedPost, PlatformSuspension
from moderation.services.flags import AUTO_HIDE_REASON
from moderation.tests.factories import PostFactory, add_member, make_thread
from notifications.models import Notification


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- Flags and the auto-hide threshold ---------------------------------------------------------


def test_flag_create_records_one_flag_per_person(world):
    services.flag_create(reporter=world.members[1], item=world.reply, reason=FlagReason.SPAM)
    with pytest.raises(ValidationError, match="already flagged"):
        services.flag_create(reporter=world.members[1], item=world.reply, reason=FlagReason.ABUSIVE)
    assert Flag.objects.filter(post=world.reply).count() == 1


def test_flag_create_hides_after_threshold_from_distinct_members(world):
    world.a.flags_to_hide = 2
    world.a.save()
    reply = Post.objects.select_related("thread__community", "author").get(pk=world.reply.pk)
    services.flag_create(reporter=world.members[1], item=reply, reason=FlagReason.SPAM)
    assert not _fresh(reply).is_hidden
    services.flag_create(reporter=world.members[2], item=reply, reason=FlagReason.OFF_TOPIC)
    hidden = _fresh(reply)
    assert hidden.is_hidden and hidden.hidden_reason == AUTO_HIDE_REASON
    assert AuditEntry.objects.filter(action=AuditAction.AUTO_HIDE, target_id=reply.pk).exists()
    note = Notification.objects.get(recipient=reply.author)
    assert "review" in note.text
    assert _fresh(world.thread).reply_count == 2  # factories do not count; hide does not double-count


def test_flag_create_threshold_default_is_three(world):
    reply = world.reply
    for reporter in (world.members[1], world.members[2]):
        services.flag_create(reporter=reporter, item=reply, reason=FlagReason.SPAM)
    assert not _fresh(reply).is_hidden
    services.flag_create(reporter=world.owner, item=reply, reason=FlagReason.SPAM)
    assert _fresh(reply).is_hidden


def test_flag_create_other_requires_a_note(world):
    with pytest.raises(ValidationError):
        services.flag_create(reporter=world.members[1], item=world.reply, reason=FlagReason.OTHER, note="  ")
    with pytest.raises(ValidationError):
        services.flag_create(reporter=world.members[1], item=world.reply, reason="nonsense")
    with pytest.raises(ValidationError):
        services.flag_create(reporter=world.members[1], item=world.reply, reason=FlagReason.OTHER, note="x" * 1001)
    flag = services.flag_create(
        reporter=world.members[1], item=world.reply, reason=FlagReason.OTHER, note="Copied from a\x00 report"
    )
    assert "\x00" not in flag.note


@pytest.mark.parametrize("who", ["outsider", "author_of_post", "suspended", "staff_non_member"])
def test_flag_create_refused(world, who):
    reply = world.reply
    if who == "outsider":
        user = world.outsider
    elif who == "author_of_post":
        user = reply.author
    elif who == "suspended":
        user = world.members[1]
        Membership.objects.filter(user=user).update(suspended_until=timezone.now() + timedelta(days=1))
        cp.forget_memberships(user)
    else:
        user = world.staff
    if who == "staff_non_member":
        # Staff act through moderation tools, not flags.
        with pytest.raises(PermissionDenied):
            services.flag_create(reporter=user, item=reply, reason=FlagReason.SPAM)
        return
    with pytest.raises(PermissionDenied):
        services.flag_create(reporter=user, item=reply, reason=FlagReason.SPAM)


def test_flag_create_on_thread(world):
    services.flag_create(reporter=world.members[1], item=world.thread, reason=FlagReason.OFF_TOPIC)
    flag = Flag.objects.get()
    assert flag.post is None and flag.thread == world.thread


def test_flags_dismiss_restores_auto_hidden_post_and_tells_author(world):
    world.a.flags_to_hide = 1
    world.a.save()
    services.flag_create(reporter=world.members[1], item=world.reply, reason=FlagReason.SPAM)
    assert _fresh(world.reply).is_hidden
    closed = services.flags_dismiss(actor=world.mod_a, item=_fresh(world.reply))
    assert closed == 1
    assert not _fresh(world.reply).is_hidden
    assert Flag.objects.get().status == FlagStatus.DISMISSED
    assert Notification.objects.filter(recipient=world.reply.author, text__icontains="visible again").exists()


# --- Post actions ---------------------------------------------------------------------------------


def test_post_hide_and_restore_keep_counters_and_notify(world):
    reply = _fresh(world.reply)
    services.flag_create(reporter=world.members[1], item=reply, reason=FlagReason.ABUSIVE)
    before_replies = _fresh(world.thread).reply_count
    before_posts = _fresh(world.a).post_count
    services.post_hide(actor=world.mod_a, post=reply, reason="Personal attack on a named engineer")
    hidden = _fresh(reply)
    assert hidden.is_hidden and hidden.hidden_by == world.mod_a
    assert _fresh(world.thread).reply_count == before_replies - 1
    assert _fresh(world.a).post_count == before_posts - 1
    assert Flag.objects.get().status == FlagStatus.ACTIONED
    assert Notification.objects.filter(recipient=reply.author, text__icontains="Personal attack").exists()
    services.post_restore(actor=world.mod_a, post=hidden)
    assert not _fresh(reply).is_hidden
    assert _fresh(world.thread).reply_count == before_replies
    assert _fresh(world.a).post_count == before_posts


def test_post_hide_requires_reason(world):
    with pytest.raises(ValidationError):
        services.post_hide(actor=world.mod_a, post=world.reply, reason="   ")


def test_post_delete_is_soft_and_purge_waits_30_days(world):
    reply = _fresh(world.reply)
    services.post_delete_moderated(actor=world.mod_a, post=reply, reason="Advertising a pump vendor")
    assert Post.objects.get(pk=reply.pk).is_deleted
    with pytest.raises(PermissionDenied):
        services.post_purge(actor=world.mod_a, post=reply)
    with pytest.raises(ValidationError):
        services.post_purge(actor=world.staff, post=reply)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        services.post_purge(actor=world.staff, post=reply)
    assert not Post.objects.filter(pk=reply.pk).exists()
    purge = AuditEntry.objects.get(action=AuditAction.POST_PURGE)
    assert "excerpt" not in purge.before


def test_pending_post_approve_and_reject(world):
    newcomer = add_member(world.a)
    pending = PostFactory(thread=world.thread, author=newcomer, status=PostStatus.PENDING)
    other = PostFactory(thread=world.thread, author=newcomer, status=PostStatus.PENDING)
    services.post_approve_moderated(actor=world.mod_a, post=pending)
    assert _fresh(pending).status == PostStatus.PUBLISHED
    assert Membership.objects.get(user=newcomer, community=world.a).approved_post_count == 1
    assert Notification.objects.filter(recipient=newcomer, text__icontains="approved").exists()
    services.post_reject(actor=world.mod_a, post=other, reason="Duplicate of your previous reply")
    rejected = _fresh(other)
    assert rejected.status == PostStatus.REJECTED and rejected.hidden_reason.startswith("Duplicate")
    with pytest.raises(ValidationError):
        services.post_approve_moderated(actor=world.mod_a, post=rejected)
    with pytest.raises(PermissionDenied):
        services.post_reject(actor=world.mod_b, post=pending, reason="no")


def test_nobody_moderates_content_of_a_higher_role(world):
    owner_post = PostFactory(thread=world.thread, author=world.owner)
    with pytest.raises(PermissionDenied):
        services.post_hide(actor=world.mod_a, post=owner_post, reason="Not allowed")
    staff_post = PostFactory(thread=world.thread, author=world.staff)
    with pytest.raises(PermissionDenied):
        services.post_hide(actor=world.owner, post=staff_post, reason="Not allowed")
    services.post_hide(actor=world.owner, post=_fresh(world.reply), reason="Off-topic")


def test_moderator_of_b_has_no_power_in_a(world):
    for call in (
        lambda: services.post_hide(actor=world.mod_b, post=world.reply, reason="x"),
        lambda: services.thread_lock(actor=world.mod_b, thread=world.thread, reason="x"),
        lambda: services.thread_set_pinned(actor=world.mod_b, thread=world.thread, pinned=True),
        lambda: services.member_suspend(
            actor=world.mod_b, community=world.a, user=world.author, duration="1d", reason="x"
        ),
        lambda: services.flags_dismiss(actor=world.mod_b, item=world.reply),
    ):
        with pytest.raises((PermissionDenied,)):
            call()
    assert not AuditEntry.objects.exists()


# --- Thread tools -------------------------------------------------------------------------------


def test_thread_pin_lock_rename_hide_restore(world):
    t = world.thread
    services.thread_set_pinned(actor=world.mod_a, thread=t, pinned=True)
    assert _fresh(t).is_pinned
    services.thread_lock(actor=world.mod_a, thread=t, reason="Discussion moved to the webinar follow-up")
    assert _fresh(t).lock_reason.startswith("Discussion moved")
    services.thread_unlock(actor=world.mod_a, thread=t)
    assert not _fresh(t).is_locked
    services.thread_rename(actor=world.mod_a, thread=t, title="Nitrate monitoring after the rainy season")
    assert _fresh(t).slug == "nitrate-monitoring-after-the-rainy-season"
    with pytest.raises(ValidationError):
        services.thread_rename(actor=world.mod_a, thread=t, title="abc")
    count = _fresh(world.a).thread_count
    services.thread_hide(actor=world.mod_a, thread=t, reason="Duplicate")
    assert _fresh(world.a).thread_count == count - 1
    services.thread_restore(actor=world.mod_a, thread=t)
    assert _fresh(world.a).thread_count == count
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        AuditAction.THREAD_PIN, AuditAction.THREAD_LOCK, AuditAction.THREAD_UNLOCK, AuditAction.THREAD_RENAME,
        AuditAction.THREAD_HIDE, AuditAction.THREAD_RESTORE,
    ]  # fmt: skip


def test_thread_move_requires_moderating_both_and_fixes_counters(world):
    with pytest.raises(PermissionDenied):
        services.thread_move(actor=world.mod_a, thread=world.thread, to_community=world.b)
    add_member(world.b, world.mod_a, role=Role.MODERATOR)
    a = _fresh(world.a)
    a_threads, a_posts = a.thread_count, a.post_count
    services.thread_move(actor=world.mod_a, thread=world.thread, to_community=world.b, reason="Glacier melt topic")
    a, b = _fresh(world.a), _fresh(world.b)
    assert _fresh(world.thread).community == b
    assert (a.thread_count, a.post_count) == (a_threads - 1, a_posts - 3)
    assert (b.thread_count, b.post_count) == (1, 3)
    # Both communities' moderators see the move in their log.
    assert AuditEntry.objects.filter(action=AuditAction.THREAD_MOVE, community=world.a).exists()
    assert AuditEntry.objects.filter(action=AuditAction.THREAD_MOVE, community=world.b).exists()


def test_thread_merge_keeps_every_post_in_time_order(world):
    now = timezone.now()
    target = make_thread(world.a, world.members[0], replies=1)
    source = world.thread
    # Interleave creation times: source #1 oldest, target posts in between, source replies last.
    Post.objects.filter(thread=source, number=1).update(created_at=now - timedelta(hours=10))
    Post.objects.filter(thread=target, number=1).update(created_at=now - timedelta(hours=9))
    Post.objects.filter(thread=source, number=2).update(created_at=now - timedelta(hours=8))
    Post.objects.filter(thread=target, number=2).update(created_at=now - timedelta(hours=7))
    Post.objects.filter(thread=source, number=3).update(created_at=now - timedelta(hours=6))
    ids = set(Post.objects.filter(thread__in=[source, target]).values_list("pk", flat=True))
    source_first = Post.objects.get(thread=source, number=1).pk
    services.thread_merge(actor=world.mod_a, source=source, target=target, reason="Same question")
    merged = list(Post.objects.filter(thread=target).order_by("number"))
    assert {p.pk for p in merged} == ids
    assert [p.number for p in merged] == [1, 2, 3, 4, 5]
    assert [p.created_at for p in merged] == sorted(p.created_at for p in merged)
    assert merged[0].pk == source_first
    src = _fresh(source)
    assert src.merged_into == target and src.is_hidden
    t = _fresh(target)
    assert t.post_count == 5 and t.reply_count == 4
    assert MergedPost.objects.filter(old_thread=source).count() == 3
    assert MergedPost.objects.get(old_thread=source, old_number=1).post_id == source_first


def test_thread_merge_refuses_same_thread_and_other_community(world):
    with pytest.raises(ValidationError):
        services.thread_merge(actor=world.mod_a, source=world.thread, target=world.thread)
    other = make_thread(world.b, world.mod_b)
    with pytest.raises(PermissionDenied):
        services.thread_merge(actor=world.mod_a, source=world.thread, target=other)


# --- Members --------------------------------------------------------------------------------------


@pytest.mark.parametrize("duration,days", [("1d", 1), ("7d", 7), ("30d", 30)])
def test_member_suspend_ends_by_itself(world, duration, days):
    services.member_suspend(actor=world.mod_a, community=world.a, user=world.author, duration=duration, reason="Spam")
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
    from discussions import realtime

    calls = []
    monkeypatch.setattr(realtime, "revoke_community_access", lambda u, c: calls.append(("recheck", u, c)))
    monkeypatch.setattr(realtime, "close_user_sockets", lambda u, **kw: calls.append(("close", u)))
    with django_capture_on_commit_callbacks(execute=True):
        services.member_suspend(actor=world.mod_a, community=world.a, user=world.author, duration="1d", reason="x")
        services.platform_suspend(actor=world.staff, user=world.members[2], duration="1d", reason="Spam")
    assert ("recheck", world.author.pk, world.a.pk) in calls
    assert ("close", world.members[2].pk) in calls

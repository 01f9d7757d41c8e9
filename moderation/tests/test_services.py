from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from communities import permissions as cp
from communities.models import Membership, Role
from discussions.models import Post, PostStatus
from discussions.tests.factories import PostFactory, make_thread
from moderation import services
from moderation.models import AuditAction, AuditEntry, Flag, FlagReason, FlagStatus, MergedPost
from moderation.services.flags import AUTO_HIDE_REASON
from moderation.tests.factories import add_member
from notifications.models import Notification
from notifications.tests.helpers import committed


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
    with committed():
        services.flag_create(reporter=world.members[2], item=reply, reason=FlagReason.OFF_TOPIC)
    hidden = _fresh(reply)
    assert hidden.is_hidden and hidden.hidden_reason == AUTO_HIDE_REASON
    assert AuditEntry.objects.filter(action=AuditAction.AUTO_HIDE, target_id=reply.pk).exists()
    note = Notification.objects.get(recipient=reply.author)
    assert "review" in note.text
    for moderator in (world.mod_a, world.owner):
        assert Notification.objects.filter(recipient=moderator, text__icontains="please review").exists()
    assert not Notification.objects.filter(recipient=world.mod_b).exists()
    assert _fresh(world.thread).reply_count == 1  # a hidden reply no longer counts


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
    with committed():
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
    with committed():
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
    with committed():
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


def test_counters_stay_right_through_auto_hide_hide_and_restore(world):
    type(world.a).objects.filter(pk=world.a.pk).update(flags_to_hide=1)

    def counts():
        return _fresh(world.thread).reply_count, _fresh(world.a).post_count, _fresh(world.a).thread_count

    start = counts()
    services.flag_create(reporter=world.members[1], item=_fresh(world.reply), reason=FlagReason.SPAM)
    assert counts() == (start[0] - 1, start[1] - 1, start[2])
    services.post_hide(actor=world.mod_a, post=_fresh(world.reply), reason="Confirmed spam")
    assert counts() == (start[0] - 1, start[1] - 1, start[2])
    services.post_restore(actor=world.mod_a, post=_fresh(world.reply))
    assert counts() == start
    services.flag_create(reporter=world.members[2], item=_fresh(world.thread), reason=FlagReason.OFF_TOPIC)
    assert counts()[2] == start[2] - 1
    services.flags_dismiss(actor=world.mod_a, item=_fresh(world.thread))
    assert counts() == start


def test_thread_restore_refuses_a_thread_awaiting_approval(world):
    from discussions.services import PENDING_REASON

    type(world.thread).objects.filter(pk=world.thread.pk).update(is_hidden=True, hidden_reason=PENDING_REASON)
    with pytest.raises(ValidationError, match="approve its opening post"):
        services.thread_restore(actor=world.mod_a, thread=world.thread)


def test_post_hide_restore_delete_recount_thread_and_community_exactly(world):
    from communities.models import Community
    from discussions.models import Thread

    last = world.posts[-1]
    last.author = world.members[2]
    last.save(update_fields=["author"])
    # Counters that drifted earlier (a crash, a manual edit) come back exact on the next action.
    Thread.objects.filter(pk=world.thread.pk).update(reply_count=17, last_poster=world.members[2])
    Community.objects.filter(pk=world.a.pk).update(post_count=40, thread_count=9)
    services.post_hide(actor=world.mod_a, post=_fresh(last), reason="Off-topic advertising")
    thread, community = _fresh(world.thread), _fresh(world.a)
    assert (thread.reply_count, thread.last_poster_id) == (1, world.members[0].pk)
    assert (community.post_count, community.thread_count) == (2, 1)
    services.post_restore(actor=world.mod_a, post=_fresh(last))
    thread, community = _fresh(world.thread), _fresh(world.a)
    assert (thread.reply_count, thread.last_poster_id) == (2, world.members[2].pk)
    assert (community.post_count, community.thread_count) == (3, 1)
    services.post_delete_moderated(actor=world.mod_a, post=_fresh(world.reply), reason="Duplicate of a later post")
    thread, community = _fresh(world.thread), _fresh(world.a)
    assert (thread.reply_count, community.post_count) == (1, 2)

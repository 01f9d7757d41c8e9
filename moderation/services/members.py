"""Member tools: warn, suspend, remove, change roles, join requests, hub-wide suspension."""

import datetime
import logging
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import access
from communities import permissions as cp
from communities import services as community_services
from communities.models import ROLE_RANK, Membership, MembershipStatus, Role
from hub.effects import on_commit
from hub.i18n import deferred
from moderation import permissions as mp
from moderation.models import AuditAction, PlatformSuspension
from moderation.services.audit import audit_record, clean_text, membership_snapshot
from notifications.models import NotificationKind
from notifications.services import notify_many
from outbox.services import email_queue
from realtime import push

logger = logging.getLogger(__name__)

PERMANENT_YEARS = 100
DURATIONS = {
    "1d": (timedelta(days=1), gettext_lazy("1 day")),
    "7d": (timedelta(days=7), gettext_lazy("7 days")),
    "30d": (timedelta(days=30), gettext_lazy("30 days")),
    "permanent": (None, gettext_lazy("Permanently")),
}


def _duration(value):
    if value not in DURATIONS:
        raise ValidationError({"duration": _("Choose one of the listed durations.")})
    return DURATIONS[value][0]


def _membership(community, user, *, lock=True):
    qs = Membership.objects.select_for_update() if lock else Membership.objects
    membership = qs.filter(community=community, user=user).first()
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("%(u)s is not an active member of %(c)s.") % {"u": user, "c": community})
    return membership


def _tell(user, actor, community, text, kind=NotificationKind.MODERATION):
    notify_many(
        kind=kind,
        recipient_ids=[user.pk],
        text=text,
        url=community.get_absolute_url(),
        actor_id=actor.pk if actor is not None else None,
        community_id=community.pk,
    )


def _forget(*users):
    for user in users:
        cp.forget_memberships(user)


def _recheck_sockets(user, community):
    """Announce (after commit) that ``user``'s access to ``community`` changed: a suspension,
    ban or role change is a membership change like any other, so it goes through the
    ``communities.access`` event its listeners (the realtime sockets) already follow."""
    access.member_access_changed(user.pk, community.pk)


@transaction.atomic
def member_warn(*, actor, community, user, reason) -> None:
    """A private, recorded warning (a notification the member reads)."""
    mp.check_can_act_on_member(actor, community, user)
    reason = clean_text(reason, required=True)
    audit_record(
        actor=actor, action=AuditAction.MEMBER_WARN, target=user, community=community, target_user=user, reason=reason
    )
    _tell(
        user,
        actor,
        community,
        deferred(gettext_lazy("A moderator of %(c)s sent you a warning: %(r)s"), c=community, r=reason),
    )


@transaction.atomic
def member_suspend(*, actor, community, user, duration, reason) -> Membership:
    """Suspend in one community: the member still reads but cannot post, react or flag."""
    mp.check_can_act_on_member(actor, community, user)
    delta = _duration(duration)
    reason = clean_text(reason, required=True)
    membership = _membership(community, user)
    before = membership_snapshot(membership)
    now = timezone.now()
    membership.suspended_until = now + delta if delta else now.replace(year=now.year + PERMANENT_YEARS)
    membership.save(update_fields=["suspended_until"])
    _forget(user)
    audit_record(
        actor=actor, action=AuditAction.MEMBER_SUSPEND, target=user, community=community, target_user=user,
        reason=reason, before=before, after=membership_snapshot(membership) | {"duration": duration},
    )  # fmt: skip
    if delta:
        text = deferred(
            gettext_lazy("You are suspended in %(c)s for %(d)s: %(r)s"), c=community, d=DURATIONS[duration][1], r=reason
        )
    else:
        text = deferred(
            gettext_lazy("You are suspended in %(c)s until a moderator lifts it: %(r)s"), c=community, r=reason
        )
    _tell(user, actor, community, text)
    _recheck_sockets(user, community)
    return membership


@transaction.atomic
def member_unsuspend(*, actor, community, user, reason="") -> Membership:
    mp.check_can_act_on_member(actor, community, user)
    reason = clean_text(reason)
    membership = _membership(community, user)
    if not membership.is_suspended():
        raise ValidationError(_("%(u)s is not suspended here.") % {"u": user})
    before = membership_snapshot(membership)
    membership.suspended_until = None
    membership.save(update_fields=["suspended_until"])
    _forget(user)
    audit_record(
        actor=actor, action=AuditAction.MEMBER_UNSUSPEND, target=user, community=community, target_user=user,
        reason=reason, before=before, after=membership_snapshot(membership),
    )  # fmt: skip
    _tell(user, actor, community, deferred(gettext_lazy("Your suspension in %(c)s was lifted."), c=community))
    _recheck_sockets(user, community)
    return membership


@transaction.atomic
def member_remove(*, actor, community, user, reason, ban=False) -> Membership:
    """Remove someone from a community (``ban``: they cannot rejoin or read private content)."""
    mp.check_can_act_on_member(actor, community, user)
    reason = clean_text(reason, required=True)
    membership = _membership(community, user)
    before = membership_snapshot(membership)
    membership = community_services.membership_remove(actor=actor, community=community, user=user, ban=ban)
    _forget(user)
    audit_record(
        actor=actor, action=AuditAction.MEMBER_REMOVE, target=user, community=community, target_user=user,
        reason=reason, before=before, after=membership_snapshot(membership) | {"banned": ban},
    )  # fmt: skip
    _tell(user, actor, community, deferred(gettext_lazy("You were removed from %(c)s: %(r)s"), c=community, r=reason))
    _recheck_sockets(user, community)
    return membership


@transaction.atomic
def member_set_role(*, actor, community, user, role, reason="") -> Membership:
    """Appoint or remove moderators and owners (owners and staff; never above one's own role)."""
    if not cp.can_change_roles(actor, community):
        mp.check_can_moderate_community(actor, community)
        raise PermissionDenied
    mp.check_can_act_on_member(actor, community, user)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the listed roles.")})
    if not cp.is_staff(actor) and ROLE_RANK[role] > cp.role_rank(actor, community):
        raise PermissionDenied
    reason = clean_text(reason)
    membership = _membership(community, user)
    if membership.role == role:
        raise ValidationError({"role": _("%(u)s already has that role.") % {"u": user}})
    before = membership_snapshot(membership)
    membership = community_services.membership_set_role(actor=actor, community=community, user=user, role=role)
    _forget(user)
    membership.refresh_from_db()
    audit_record(
        actor=actor, action=AuditAction.MEMBER_ROLE, target=user, community=community, target_user=user,
        reason=reason, before=before, after=membership_snapshot(membership),
    )  # fmt: skip
    _recheck_sockets(user, community)
    return membership


@transaction.atomic
def join_request_decide(*, actor, membership, approve: bool, reason="") -> Membership:
    """Approve or decline a pending join request (communities services do the work)."""
    community = membership.community
    if not cp.can_approve_members(actor, community):
        mp.check_can_moderate_community(actor, community)
        raise PermissionDenied
    reason = clean_text(reason)
    membership = Membership.objects.select_for_update().select_related("user", "community").get(pk=membership.pk)
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError(_("This request was already decided."))
    before = membership_snapshot(membership)
    decide = community_services.membership_approve if approve else community_services.membership_decline
    decide(actor=actor, community=community, memberships=[membership])
    membership.refresh_from_db()
    _forget(membership.user)
    audit_record(
        actor=actor,
        action=AuditAction.REQUEST_APPROVE if approve else AuditAction.REQUEST_DECLINE,
        target=membership.user,
        community=community,
        target_user=membership.user,
        reason=reason,
        before=before,
        after=membership_snapshot(membership),
    )
    return membership


# --- Hub-wide suspension (staff) -------------------------------------------------------------


def end_sessions(user) -> int:
    """Log the person out everywhere: through the session engine, so a cached copy (Redis)
    goes together with the database row."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()  # {} for a corrupt session
        if str(data.get("_auth_user_id")) == str(user.pk):
            store_class(session_key=session.session_key).delete(session.session_key)
            ended += 1
    return ended


@transaction.atomic
def platform_suspend(*, actor, user, duration, reason) -> PlatformSuspension:
    """Staff: the person cannot log in until the end date; their sessions end now."""
    if not mp.can_suspend_platform_wide(actor, user):
        raise PermissionDenied
    delta = _duration(duration)
    reason = clean_text(reason, required=True)
    user = type(user).objects.select_for_update().get(pk=user.pk)
    before = {"is_active": user.is_active}
    suspension = PlatformSuspension.objects.create(
        user=user, actor=actor, reason=reason, ends_at=timezone.now() + delta if delta else None
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action=AuditAction.PLATFORM_SUSPEND, target=user, target_user=user, reason=reason,
        before=before, after={"is_active": False, "ends_at": suspension.ends_at.isoformat() if suspension.ends_at else None},
    )  # fmt: skip
    on_commit(end_sessions, user)
    on_commit(push.close_user_sockets, user.pk)
    # The notice is written with the suspension and sent by the outbox (retried, swept).
    email_queue(
        to_user=user,
        kind="suspension",
        subject=gettext_lazy("[Action Hub] Your account is suspended"),
        template="moderation/email/suspension",
        context={"suspension": suspension, "until": lazy(_suspension_until, str)(suspension)},
        source=f"suspension:{suspension.pk}",
    )
    return suspension


def _suspension_until(suspension) -> str:
    """The "until <date> (UTC)" phrase, in the language active when the notice is rendered."""
    if suspension.ends_at:
        return _("until %(d)s (UTC)") % {
            "d": date_format(suspension.ends_at.astimezone(datetime.UTC), "DATETIME_FORMAT")
        }
    return _("until the hub team lifts it")


@transaction.atomic
def platform_unsuspend(*, actor, suspension, reason="") -> PlatformSuspension:
    if not mp.can_suspend_platform_wide(actor, suspension.user):
        raise PermissionDenied
    reason = clean_text(reason)
    suspension = PlatformSuspension.objects.select_for_update().select_related("user").get(pk=suspension.pk)
    if suspension.lifted_at is not None:
        raise ValidationError(_("This suspension was already lifted."))
    suspension.lifted_at, suspension.lifted_by = timezone.now(), actor
    suspension.save(update_fields=["lifted_at", "lifted_by"])
    _reactivate_if_clear(suspension.user, actor=actor, reason=reason)
    return suspension


def _reactivate_if_clear(user, *, actor, reason):
    if PlatformSuspension.objects.current().filter(user=user).exists():
        return
    type(user).objects.filter(pk=user.pk).update(is_active=True)
    audit_record(
        actor=actor,
        action=AuditAction.PLATFORM_UNSUSPEND,
        target=user,
        target_user=user,
        reason=reason or _("The suspension ended"),
        before={"is_active": False},
        after={"is_active": True},
    )


def platform_suspension_expire(*, now=None) -> int:
    """Periodic: reactivate people whose hub suspension has ended.  Idempotent."""
    now = now or timezone.now()
    count = 0
    for suspension_id in PlatformSuspension.objects.expired(now).values_list("pk", flat=True):
        with transaction.atomic():
            suspension = (
                PlatformSuspension.objects.select_for_update().select_related("user").filter(pk=suspension_id).first()
            )
            if suspension is None or suspension.lifted_at is not None:
                continue
            suspension.lifted_at = now
            suspension.save(update_fields=["lifted_at"])
            _reactivate_if_clear(suspension.user, actor=None, reason="")
            count += 1
    return count

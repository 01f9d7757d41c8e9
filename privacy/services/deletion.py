"""Account deletion (GDPR art. 17): erase a member, keeping or removing what they wrote.

Everything is written in one transaction; files, cached pages, sessions and open sockets
go after commit.  The person's row is deleted, so their email address and username are free
at once; relations that outlive them (posts kept anonymised, messages in others' inboxes)
point at nobody and are shown as written by a former member.

Kept on purpose: the moderation audit log (append-only, the community's record of actions
taken, which names people as they were at the time).
"""

import json
import logging
import re

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from communities.counters import member_left
from communities.models import Community, Invitation, Membership, MembershipStatus, Role
from discussions import counters
from discussions.models import Attachment, Post, PostRevision, Thread
from discussions.services.posts import _render
from events.models import EventMaterial
from hub.effects import on_commit
from hub.models import ContactMessage
from knowledge.models import CaseStudy, CaseStudyAttachment
from messaging.models import Conversation, Message, MessageAttachment
from moderation.services.members import end_sessions
from notifications.emails import notification_source
from notifications.models import Notification
from outbox.models import EmailDelivery
from privacy import cache as privacy_cache
from privacy import permissions as perms
from privacy.models import AccountDeletion, DataExport, PostsChoice
from realtime import push
from reports.models import ReportSnapshot
from training.models import ProgrammeComment, RoleAssignment, ValueStory

logger = logging.getLogger(__name__)

FORMER_HANDLE = "former-member"


class OwnershipError(ValidationError):
    """The member is the only owner of communities; carries them for the page's links."""

    def __init__(self, communities):
        self.communities = communities
        super().__init__(_("Hand over ownership of your communities before deleting your account."))


# --- checks ----------------------------------------------------------------------------------


def communities_needing_handover(user) -> list:
    """Communities where ``user`` is the only active owner."""

    owned = Membership.objects.filter(user=user, role=Role.OWNER, status=MembershipStatus.ACTIVE).values("community_id")
    return list(
        Community.objects.filter(pk__in=owned)
        .annotate(
            owners=Count(
                "memberships",
                filter=Q(memberships__role=Role.OWNER, memberships__status=MembershipStatus.ACTIVE),
            )
        )
        .filter(owners__lte=1)
        .order_by("name")
    )


def handover_message(communities) -> str:
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("communities:members", kwargs={"slug": c.slug}), c.name) for c in communities),
    )
    return format_html(
        "{} {}",
        _("You are the only owner of these communities. Make another member owner first (on the members page):"),
        links,
    )


def has_second_factor(user) -> bool:
    authenticators = _authenticators(user)
    return authenticators is not None and authenticators.exists()


def _authenticators(user):
    """The member's code-based second factors, when allauth.mfa is installed."""
    from django.apps import apps

    if not apps.is_installed("allauth.mfa"):
        return None
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.WEBAUTHN)


def check_second_factor(user, code: str) -> bool:
    """A current TOTP code or an unused recovery code of ``user``."""
    authenticators = _authenticators(user)
    if authenticators is None or not authenticators.exists():
        return True
    code = (code or "").strip().replace(" ", "")
    if not code:
        return False
    return any(auth.wrap().validate_code(code) for auth in authenticators)


# --- erase -----------------------------------------------------------------------------------


def _files_of(user, posts) -> list[str]:
    """Storage names to delete after commit."""

    names = []
    if user.avatar:
        names.append(user.avatar.name)
    names += [n for n in MessageAttachment.objects.filter(message__author=user).values_list("file", flat=True) if n]
    names += [n for n in DataExport.objects.filter(user=user).values_list("file", flat=True) if n]
    if posts == PostsChoice.REMOVE:
        for file, thumb in Attachment.objects.filter(Q(uploaded_by=user) | Q(post__author=user)).values_list(
            "file", "thumbnail"
        ):
            names += [n for n in (file, thumb) if n]
        names += [n for n in CaseStudyAttachment.objects.filter(uploaded_by=user).values_list("file", flat=True) if n]
        names += [n for n in EventMaterial.objects.filter(uploaded_by=user).values_list("file", flat=True) if n]
    return names


def _remove_posts(user) -> dict:

    own = Post.objects.filter(author=user)
    counters.posts_removed(own)
    Thread.objects.filter(accepted_answer__author=user).update(accepted_answer=None)
    PostRevision.objects.filter(post__author=user).delete()
    Attachment.objects.filter(Q(uploaded_by=user) | Q(post__author=user)).delete()
    removed = own.update(body="", body_html="", is_deleted=True, edit_count=0, idempotency_key="")
    # A thread of which every post is theirs goes entirely; one with others' replies keeps
    # them under a neutral title.
    theirs = Thread.objects.filter(author=user)
    alone = theirs.exclude(posts__in=Post.objects.exclude(author=user)).distinct()
    counters.threads_removed(alone)
    deleted_threads = alone.count()
    Thread.objects.filter(pk__in=list(alone.values_list("pk", flat=True))).delete()
    theirs.update(title=_("A thread by a former member"), slug="thread")
    return {"posts": removed, "threads_deleted": deleted_threads}


def _remove_other_content(user) -> None:

    per_conversation = Message.objects.filter(author=user).values("conversation_id").annotate(n=Count("pk"))
    for row in per_conversation:
        Conversation.objects.filter(pk=row["conversation_id"], message_count__gte=row["n"]).update(
            message_count=F("message_count") - row["n"]
        )
    Message.objects.filter(author=user).delete()
    CaseStudy.objects.filter(author=user).delete()
    CaseStudyAttachment.objects.filter(uploaded_by=user).delete()
    EventMaterial.objects.filter(uploaded_by=user).delete()
    ProgrammeComment.objects.filter(author=user).delete()
    ValueStory.objects.filter(author=user).delete()


def _forget_mentions(user) -> int:
    """Others' posts that @mention the person: the handle is theirs no more (it is free for
    someone else to take), so it becomes a neutral one and the post is rendered again."""

    pattern = re.compile(rf"(?<![\w@/`])@{re.escape(user.username)}(?![A-Za-z0-9_])", re.IGNORECASE)
    changed = 0
    for post in Post.objects.filter(mentions__user=user).exclude(author=user).distinct():
        body = pattern.sub("@" + FORMER_HANDLE, post.body)
        if body != post.body:
            html, _users = _render(body, post.author)
            Post.objects.filter(pk=post.pk).update(body=body, body_html=html)
            changed += 1
    return changed


def _scrub_traces(user) -> None:
    """Rows that name the person without a foreign key (addresses, labels, others' inboxes)."""

    email = user.email
    Invitation.objects.filter(email__iexact=email).delete()
    RoleAssignment.objects.filter(email__iexact=email).update(email="", person_name=_("Former member"))
    CaseStudy.objects.filter(contact__icontains=email).update(contact="")
    caused = Notification.objects.filter(actor=user)
    EmailDelivery.objects.filter(
        source__in=[notification_source(pk) for pk in caused.values_list("pk", flat=True)]
    ).delete()
    caused.delete()
    EmailDelivery.objects.filter(
        Q(to_email__iexact=email)
        | Q(reply_to__iexact=email)
        | Q(body_text__icontains=email)
        | Q(subject__icontains=email)
    ).delete()
    ContactMessage.objects.filter(email__iexact=email).delete()
    _drop_reports_naming(user)
    user_type = ContentType.objects.get_for_model(type(user))
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()


def _drop_reports_naming(user) -> None:
    """Stored engagement reports list contributors by name; those naming the person are
    dropped (they are computed again on request)."""

    needles = [user.username.lower(), user.email.lower()]
    if user.display_name:
        needles.append(user.display_name.lower())
    community_ids = Membership.objects.filter(user=user).values("community_id")
    naming = []
    for snapshot in ReportSnapshot.objects.filter(Q(community_id__in=community_ids) | Q(community__isnull=True)).only(
        "pk", "metrics", "network"
    ):
        text = json.dumps([snapshot.metrics, snapshot.network], default=str).lower()
        if any(n in text for n in needles):
            naming.append(snapshot.pk)
    ReportSnapshot.objects.filter(pk__in=naming).delete()


def _active_community_ids(user) -> list[int]:

    return list(
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list("community_id", flat=True)
    )


def account_delete(*, actor, user, posts: str, reason: str = "") -> AccountDeletion:
    """Erase ``user``'s account.  ``actor`` is the person themself, or staff acting on their
    request (then ``reason`` records the request)."""

    if posts not in PostsChoice.values:
        raise ValidationError({"posts": _("Choose what happens to your posts.")})
    by_staff = actor.pk != user.pk
    if by_staff and not perms.can_erase_account(actor, user):
        raise PermissionDenied
    if not by_staff and not perms.can_delete_own_account(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if by_staff and not reason:
        raise ValidationError({"reason": _("Record the request this deletion answers.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        blocking = communities_needing_handover(user)
        if blocking:
            raise OwnershipError(blocking)
        user_id = user.pk
        files = _files_of(user, posts)
        counts = {}
        if posts == PostsChoice.REMOVE:
            counts.update(_remove_posts(user))
            _remove_other_content(user)
        # Their messages' attachments go in both cases (the files after commit).
        MessageAttachment.objects.filter(message__author=user).delete()
        counts["mentions_rewritten"] = _forget_mentions(user)
        _scrub_traces(user)
        community_ids = _active_community_ids(user)
        member_left(community_ids)
        if user.avatar:
            user.avatar = ""
        user.delete()
        record = AccountDeletion.objects.create(
            former_user_id=user_id,
            actor=actor if by_staff else None,
            actor_name=(f"{actor} (@{actor.username})" if by_staff else "")[:150],
            by_staff=by_staff,
            posts=posts,
            reason=reason,
            counts=counts,
        )
        on_commit(_after_erasure, user_id, files, community_ids)
    return record


def _after_erasure(user_id: int, files: list[str], community_ids: list[int]) -> None:
    """Side effects that cannot roll back; each failure is logged, none reaches the request."""

    class _Former:
        pk = user_id

    for step, call in (
        ("sessions", lambda: end_sessions(_Former)),
        ("sockets", lambda: push.close_user_sockets(user_id)),
        ("cache", privacy_cache.purge_rendered_pages),
    ):
        try:
            call()
        except Exception:
            logger.warning("Account erasure of %s: %s step failed", user_id, step, exc_info=True)
    for community_id in community_ids:
        try:
            push.recheck_member_access(user_id, community_id)
        except Exception:
            logger.warning("Account erasure: access recheck failed", exc_info=True)
    for name in files:
        try:
            default_storage.delete(name)
        except Exception:
            logger.warning("Account erasure of %s: could not delete a file", user_id, exc_info=True)

"""Who may flag, moderate content, act on members and read the audit log.

Built only from communities.permissions and discussions.permissions, so role rules keep
living in one place; this module only says which of them each moderation verb needs.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from communities import permissions as cp
from discussions import permissions as dp
from discussions.models import Post


def item_community(item):
    return item.thread.community if isinstance(item, Post) else item.community


def can_view_item(user, item) -> bool:
    return dp.can_view_post(user, item) if isinstance(item, Post) else dp.can_view_thread(user, item)


def can_flag(user, item) -> bool:
    """Active, unsuspended members flag content they can read and did not write.

    For a post the answer is ``discussions.permissions.post_actions`` (the Flag control of the
    page and of every pushed post), so the rule is written once."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not can_view_item(user, item):
        return False
    community = item_community(item)
    if isinstance(item, Post):
        rights = dp.ThreadRights(user_id=user.pk, flag=cp.can_flag_in_community(user, community))
        return "flag" in dp.post_actions(rights, item)
    if item.author_id == user.pk or getattr(item, "is_deleted", False):
        return False
    return cp.can_flag_in_community(user, community)


def can_moderate_item(user, item) -> bool:
    """Moderators of the item's community act on content, never on that of a higher role."""
    community = item_community(item)
    if not cp.can_moderate_community(user, community):
        return False
    author = item.author
    if author is None or author.pk == user.pk:
        return True
    return cp.can_act_on_member(user, community, author)


def can_moderate_thread(user, thread) -> bool:
    """Pin, lock, rename, move, merge: about the thread, not its author."""
    return cp.can_moderate_community(user, thread.community)


def can_purge(user) -> bool:
    return cp.is_staff(user)


def can_suspend_platform_wide(actor, target) -> bool:
    return cp.is_staff(actor) and actor.pk != target.pk and not target.is_staff and not target.is_superuser


def can_use_moderation(user) -> bool:
    """Sees the queue and the log at all (moderator somewhere, or staff)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if cp.is_staff(user):
        return True
    cached = getattr(user, "_hub_moderates_any", None)
    if cached is None:
        cached = cp.moderated_communities(user).exists()
        user._hub_moderates_any = cached
    return cached


def check_can_moderate_community(user, community) -> None:
    """403 when the community is readable, 404 otherwise (existence stays private)."""
    cp.check_can_moderate_community(user, community)


def check_can_moderate_item(user, item) -> None:
    if not can_view_item(user, item) and not cp.can_moderate_community(user, item_community(item)):
        raise Http404
    if not can_moderate_item(user, item):
        raise PermissionDenied


def check_can_moderate_thread(user, thread) -> None:
    if not can_moderate_thread(user, thread):
        if dp.can_view_thread(user, thread):
            raise PermissionDenied
        raise Http404


def check_can_act_on_member(actor, community, target) -> None:
    check_can_moderate_community(actor, community)
    if not cp.can_act_on_member(actor, community, target):
        raise PermissionDenied


def audit_communities_for(user):
    """Communities whose audit entries ``user`` may read (queryset)."""
    return cp.moderated_communities(user)

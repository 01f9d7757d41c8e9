"""Shared pieces of the community pages: loading without an oracle, refusals, header context."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from communities import permissions as perms
from communities.models import MembershipStatus
from communities.selectors import community_get_for_viewer


def get_community_or_404(request, slug):
    """The community if it exists *for this viewer*; the same 404 otherwise (no oracle)."""
    community = community_get_for_viewer(slug=slug, viewer=request.user)
    if community is None:
        raise Http404
    return community


def refuse(request, community, *, outsider=False):
    """Log in (anonymous), 403 (content already visible) or 404 (not theirs to see)."""
    if outsider:
        perms.deny_outsider_action(request.user, community)
    else:
        perms.deny_community_action(request.user, community)
    next_url = community.get_absolute_url() if request.method == "POST" else request.get_full_path()
    return redirect_to_login(next_url)


def community_context(request, community, tab):
    """Everything the community header and tabs need (a handful of cached checks)."""
    user = request.user
    membership = perms.get_membership(user, community)
    can_moderate = perms.can_moderate_community(user, community)
    pending_count = 0
    if can_moderate:
        pending_count = community.memberships.filter(status=MembershipStatus.PENDING).count()
    return {
        "community": community,
        "membership": membership,
        "tab": tab,
        "can_view": perms.can_view_community(user, community),
        "can_post": perms.can_post_in_community(user, community),
        "can_join": perms.can_join_community(user, community),
        "can_request": perms.can_request_to_join(user, community),
        "can_leave": perms.can_leave_community(user, community),
        "can_moderate": can_moderate,
        "can_invite": perms.can_invite_to_community(user, community),
        "can_manage": perms.can_manage_community_settings(user, community),
        "can_archive": perms.can_archive_community(user, community),
        "can_change_roles": perms.can_change_roles(user, community),
        "pending_count": pending_count,
        "is_pending": membership is not None and membership.status == MembershipStatus.PENDING,
        "is_invited": membership is not None and membership.status == MembershipStatus.INVITED,
        "is_banned": membership is not None and membership.status == MembershipStatus.BANNED,
    }


def add_service_errors(form, exc):
    """Show a service's ValidationError on the form (field errors where they belong)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)

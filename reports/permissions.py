"""Who may see engagement reports: a community's moderators and owners; staff for all."""

from communities import permissions as cp


def can_view_community_report(user, community) -> bool:
    return cp.can_moderate_community(user, community)


def can_view_platform_report(user) -> bool:
    return cp.is_staff(user)


def reportable_communities(user):
    """Communities whose report ``user`` may open (the queryset twin of the check above)."""
    return cp.moderated_communities(user)

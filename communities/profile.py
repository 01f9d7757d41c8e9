"""The communities a member belongs to, on their profile: only those whose content the viewer
may read, so membership of a private community is shown to its own members only."""

from django.template.loader import render_to_string

from communities import permissions as cp
from communities.models import Membership, MembershipStatus


def memberships(*, member, viewer, request):
    rows = list(
        Membership.objects.filter(user=member, status=MembershipStatus.ACTIVE)
        .filter(community__in=cp.communities_visible_to(viewer))
        .select_related("community")
        .order_by("community__name")
    )
    if not rows:
        return None
    return render_to_string("communities/_profile_communities.html", {"rows": rows}, request=request)

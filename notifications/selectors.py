"""Reads for the notifications pages."""

import itertools

from django.core.paginator import Paginator
from django.utils import timezone

from communities.models import Membership, MembershipStatus
from notifications.models import Notification

PER_PAGE = 30


def notification_page_for(*, viewer, page_number=1):
    """One page of the viewer's notifications, grouped by local day: (page, [(date, [n, ...])])."""
    qs = Notification.objects.filter(recipient=viewer).select_related("actor").order_by("-created_at", "-pk")
    page = Paginator(qs, PER_PAGE).get_page(page_number)
    groups = [
        (day, list(items))
        for day, items in itertools.groupby(page.object_list, key=lambda n: timezone.localdate(n.created_at))
    ]
    return page, groups


def digest_memberships_for(*, viewer):
    return (
        Membership.objects.filter(user=viewer, status=MembershipStatus.ACTIVE)
        .select_related("community")
        .order_by("community__name")
    )

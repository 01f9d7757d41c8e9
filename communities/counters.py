"""The counter communities keeps: ``Community.member_count``, the active memberships.

Moved by ``F()`` in the writing transaction (the caller holds it) by whoever changes a
membership's status to or from active; ``members_recount`` counts the rows again (demo data,
repair).  The counters of threads and posts belong to discussions (``discussions.counters``).
"""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from communities.models import Community, Membership, MembershipStatus


def members_changed(community, delta: int) -> None:
    """``delta`` memberships of ``community`` became active (+) or stopped being active (-);
    ``community.member_count`` is read again."""
    if delta:
        Community.objects.filter(pk=community.pk).update(member_count=Greatest(F("member_count") + delta, 0))
        community.refresh_from_db(fields=["member_count"])


def member_left(community_ids) -> None:
    """One active member left each of ``community_ids`` at once (an account deleted)."""
    Community.objects.filter(pk__in=list(community_ids), member_count__gt=0).update(member_count=F("member_count") - 1)


def members_recount(community_ids) -> None:
    """Count the active memberships of ``community_ids`` again."""
    active = (
        Membership.objects.filter(community_id=OuterRef("pk"), status=MembershipStatus.ACTIVE)
        .order_by()
        .values("community_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    Community.objects.filter(pk__in=list(community_ids)).update(
        member_count=Coalesce(Subquery(active, output_field=IntegerField()), Value(0))
    )

"""Who may see a member's profile.  The only place this rule lives: the profile page, the
member directory, search and @mention suggestions all ask here.

A member chooses (``User.profile_visibility``): everyone, signed-in members, or only people
who share an active community membership with them.  The member and staff always see it.
"""

from django.db.models import Exists, OuterRef, Q

from accounts.models import ProfileVisibility, User

ACTIVE = "active"  # communities.MembershipStatus.ACTIVE (accounts sits below communities)


def _is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def _memberships():
    # The membership table by relation, so that accounts never imports communities.
    return User._meta.get_field("memberships").related_model.objects


def _shares_a_community(viewer):
    """A filter on members: has an active membership in a community where ``viewer`` has one."""
    viewer_communities = _memberships().filter(user_id=viewer.pk, status=ACTIVE).values("community_id")
    return Exists(_memberships().filter(user_id=OuterRef("pk"), status=ACTIVE, community_id__in=viewer_communities))


def can_view_profile(viewer, member) -> bool:
    """See ``member``'s profile page (and find them in lists)."""
    if member.profile_visibility == ProfileVisibility.EVERYONE:
        return True
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.pk == member.pk or _is_staff(viewer):
        return True
    if member.profile_visibility == ProfileVisibility.MEMBERS:
        return True
    return User.objects.filter(pk=member.pk).filter(_shares_a_community(viewer)).exists()


def profiles_visible_to(viewer, queryset):
    """``queryset`` of members narrowed to those whose profile ``viewer`` may see."""
    if _is_staff(viewer):
        return queryset
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return queryset.filter(profile_visibility=ProfileVisibility.EVERYONE)
    return queryset.filter(
        Q(profile_visibility__in=[ProfileVisibility.EVERYONE, ProfileVisibility.MEMBERS])
        | Q(pk=viewer.pk)
        | Q(_shares_a_community(viewer))
    )

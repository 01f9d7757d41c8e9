"""The staff tools section of a member's profile (registered with accounts.profile_sections)."""

from django.template.loader import render_to_string

from moderation import permissions as mp


def staff_tools(*, member, viewer, request):
    """A link to suspend the member from the whole hub, for staff who may do so."""
    if not mp.can_suspend_platform_wide(viewer, member):
        return None
    return render_to_string("moderation/_profile_staff_tools.html", {"member": member}, request=request)

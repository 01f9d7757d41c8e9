"""Event fragments other apps include (the community page panel)."""

from django import template
from django.utils import timezone

from communities.permissions import can_view_community
from events import permissions as ep
from events import selectors

register = template.Library()


@register.inclusion_tag("events/_community_events_panel.html", takes_context=True)
def community_events_panel(context, community, limit=5):
    """Upcoming and recent events of ``community`` for whoever is looking (nothing if they cannot read it)."""

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_view_community(user, community):
        return {"show": False}
    zone = selectors.viewer_zone(user)
    with timezone.override(zone):
        upcoming, past = selectors.event_list_for_panel(viewer=user, community=community, upcoming=limit, past=3)
    return {
        "show": True,
        "community": community,
        "upcoming": upcoming,
        "past": past,
        "zone": zone,
        "can_create": ep.can_create_event(user, community),
        "request": request,
    }

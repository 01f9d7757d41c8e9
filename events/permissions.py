"""Who may see and organise events.  Events follow their community's visibility."""

from django.http import Http404

from communities import permissions as cp
from events.models import Event


def can_view_event(user, event) -> bool:
    return cp.can_view_community(user, event.community)


def check_can_view_event(user, event) -> None:
    if not can_view_event(user, event):
        raise Http404


def events_visible_to(user, qs=None):
    """The queryset twin of can_view_event (lists, calendars, feeds, search)."""
    qs = Event.objects.all() if qs is None else qs
    return qs.filter(community__in=cp.communities_visible_to(user))


def can_view_community_events(user, community) -> bool:
    """Whether ``user`` sees the events of ``community`` (the rule of events_visible_to for one community)."""
    return cp.can_view_community(user, community)


def can_create_event(user, community) -> bool:
    """Moderators and owners of an active community (and staff) organise its events."""
    return (
        user is not None
        and user.is_authenticated
        and not community.is_archived
        and cp.can_moderate_community(user, community)
    )


def can_edit_event(user, event) -> bool:
    """The organiser (while still able to post there) and the community's moderators."""
    if user is None or not user.is_authenticated:
        return False
    if cp.can_moderate_community(user, event.community):
        return True
    return event.organiser_id == user.pk and cp.can_post_in_community(user, event.community)


def can_rsvp(user, event, now=None) -> bool:
    """Signed-in people who can read the community answer until the event ends (not if cancelled)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if event.is_cancelled or event.is_past(now) or event.community.is_archived:
        return False
    if not can_view_event(user, event):
        return False
    membership = cp.get_membership(user, event.community)
    return not (membership is not None and membership.is_suspended(now))


def can_view_attendees(user, event) -> bool:
    return can_edit_event(user, event)

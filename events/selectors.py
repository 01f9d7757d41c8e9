"""Read queries for event pages, calendars and feeds (all filtered by who is looking)."""

import calendar
import datetime as dt
import zoneinfo

from django.db.models import Count, Q
from django.utils import timezone

from communities import permissions as cp
from communities.models import MembershipStatus
from events import permissions as ep
from events.models import RSVP, CalendarToken, Event, RSVPStatus
from hub.sqlrows import Columns

FEED_PAST_DAYS = 90


def viewer_zone(user):
    """The viewer's time zone (UTC for anonymous people or unknown names)."""
    name = getattr(user, "timezone", "") if user is not None and user.is_authenticated else ""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _annotated(qs):
    return qs.select_related("community", "organiser").annotate(
        going_count=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.GOING)),
        waitlist_count=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.WAITLISTED)),
    )


def event_list(*, viewer, when="upcoming", community=None, now=None):
    if community is None:
        qs = ep.events_visible_to(viewer)
    else:
        # One community: its events, if the viewer may read it (what events_visible_to keeps of
        # it), without building the visible-communities subquery for every list.
        qs = (
            Event.objects.filter(community=community)
            if ep.can_view_community_events(viewer, community)
            else (Event.objects.none())
        )
    qs = qs.past(now) if when == "past" else qs.upcoming(now)
    return _annotated(qs)


_EVENT = Columns(Event)


def event_list_for_panel(*, viewer, community, upcoming=5, past=3, now=None):
    """(upcoming, past): the next ``upcoming`` and the last ``past`` events of ``community``
    for its page's panel, as ``event_list`` orders them, with ``going_count`` and
    ``waitlist_count``; both empty when the viewer may not see them.

    One written-out query: building the two ORM ones (grouped counts) was about a quarter
    of the community page's time.
    """
    from django.db import connection

    if not ep.can_view_community_events(viewer, community):
        return [], []
    now = connection.ops.adapt_datetimefield_value(now or timezone.now())
    table, rsvp = Event._meta.db_table, RSVP._meta.db_table
    columns = _EVENT.sql("e")
    counts = (
        f"(SELECT COUNT(*) FROM {rsvp} r WHERE r.event_id = e.id AND r.status = %s) AS going_count,"  # noqa: S608
        f" (SELECT COUNT(*) FROM {rsvp} r WHERE r.event_id = e.id AND r.status = %s) AS waitlist_count"
    )
    part = (  # table names and placeholders only
        f"SELECT * FROM (SELECT {{part}} AS part, {columns}, {counts} FROM {table} e"  # noqa: S608
        " WHERE e.community_id = %s AND {when} ORDER BY {order} LIMIT %s) {alias}"
    )
    sql = " UNION ALL ".join(
        (
            part.format(part=0, when="e.ends_at >= %s", order="e.starts_at, e.id", alias="u"),
            part.format(part=1, when="e.ends_at < %s", order="e.starts_at DESC, e.id DESC", alias="p"),
        )
    )
    going = [RSVPStatus.GOING, RSVPStatus.WAITLISTED]
    params = [*going, community.pk, now, int(upcoming), *going, community.pk, now, int(past)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = ([], [])
    for row in rows:
        event = _EVENT.load(row, 1, connection)
        event.community = community
        event.going_count, event.waitlist_count = int(row[-2]), int(row[-1])
        found[int(row[0])].append(event)
    # Each part comes back in its own order; UNION ALL only promises the rows, not their order.
    found[0].sort(key=lambda e: (e.starts_at, e.pk))
    found[1].sort(key=lambda e: (e.starts_at, e.pk), reverse=True)
    return found


def event_get(*, pk, viewer):
    event = _annotated(Event.objects.filter(pk=pk)).get()
    ep.check_can_view_event(viewer, event)
    return event


def rsvp_of(*, event, user):
    if not user.is_authenticated:
        return None
    return RSVP.objects.filter(event=event, user=user).first()


def attendees(*, event):
    return RSVP.objects.filter(event=event).select_related("user").order_by("status", "updated_at", "pk")


def month_grid(*, viewer, year, month):
    """Weeks of (date, [events]) for a month, in the viewer's time zone."""
    zone = viewer_zone(viewer)
    first = dt.datetime(year, month, 1, tzinfo=zone)
    last_day = calendar.monthrange(year, month)[1]
    end = dt.datetime(year, month, last_day, tzinfo=zone) + dt.timedelta(days=1)
    events = list(
        _annotated(ep.events_visible_to(viewer).filter(starts_at__lt=end, ends_at__gte=first)).order_by("starts_at")
    )
    by_day = {}
    for event in events:
        day = event.starts_at.astimezone(zone).date()
        last = (event.ends_at - dt.timedelta(seconds=1)).astimezone(zone).date()
        while day <= last and (last - day).days < 40:
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks]


def feed_token_user(token):
    token = (token or "").replace("\x00", "")[:64]
    if not token:
        return None
    row = CalendarToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        return None
    return row.user


def feed_for_member(*, user, now=None):
    """A member's feed: events of their active communities and events they answered yes/maybe to."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=FEED_PAST_DAYS)
    mine = Q(community__memberships__user=user, community__memberships__status=MembershipStatus.ACTIVE) | Q(
        rsvps__user=user, rsvps__status__in=[RSVPStatus.GOING, RSVPStatus.MAYBE, RSVPStatus.WAITLISTED]
    )
    ids = Event.objects.filter(mine, ends_at__gte=since).values("pk")
    return ep.events_visible_to(user).filter(pk__in=ids).select_related("community").order_by("starts_at")


def feed_for_community(*, community, viewer, now=None):
    now = now or timezone.now()
    if not cp.can_view_community(viewer, community):
        return None
    since = now - dt.timedelta(days=FEED_PAST_DAYS)
    return Event.objects.filter(community=community, ends_at__gte=since).select_related("community")


def events_search(*, query, viewer, limit=20):
    """Events matching ``query`` that ``viewer`` may see (for the site search)."""
    query = (query or "").replace("\x00", "").strip()[:200]
    if not query:
        return []
    q = Q()
    for word in query.split()[:8]:
        q &= Q(title__icontains=word) | Q(description__icontains=word) | Q(location__icontains=word)
    return list(ep.events_visible_to(viewer).filter(q).select_related("community").order_by("-starts_at")[:limit])

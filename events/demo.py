"""Demo events: upcoming and past webinars, workshops, consultations and field visits with RSVPs."""

import datetime as dt
import random
import zoneinfo

from django.utils import timezone

from communities.models import Community, CommunityKind, Membership, MembershipStatus, Role
from events.models import RSVP, Event, EventKind, RSVPStatus
from markup import render_markdown

TEMPLATES = [
    (EventKind.WEBINAR, "Webinar: environmental flows in practice",
     "Three basin managers explain how e-flow targets were written into permits and dam rules, and what "
     "monitoring showed afterwards. 40 minutes of talks, 20 minutes of questions.", "", True),
    (EventKind.WORKSHOP, "Workshop: drafting a drought management plan",
     "A hands-on session: bring your basin's reservoir and rainfall data. We will define indicators, trigger "
     "levels and staged measures together.", "", True),
    (EventKind.CONSULTATION, "Consultation on the community's activity plan",
     "Members are invited to comment on next year's priorities: peer exchanges, a toolkit on groundwater "
     "contracts, and a study visit.", "", True),
    (EventKind.FIELD_VISIT, "Field visit: a restored floodplain",
     "A guided walk along reconnected side channels with the river authority's engineers and local farmers. "
     "Sturdy shoes recommended.", "Meeting point: visitor centre car park", False),
    (EventKind.WEBINAR, "Webinar: financing basin organisations through abstraction charges",
     "How charges are set, collected and spent, with examples from Brazil, France and South Africa.", "", True),
    (EventKind.WORKSHOP, "Workshop: participatory groundwater monitoring",
     "Designing a farmer-led monitoring network: instruments, data sheets and how to discuss results at "
     "village meetings.", "", True),
]  # fmt: skip
ZONES = ["Europe/Paris", "Africa/Nairobi", "Asia/Bangkok", "America/Lima", "UTC", "Asia/Kathmandu"]


def seed(*, stdout):
    rng = random.Random(2718)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    communities = list(
        Community.objects.filter(archived_at__isnull=True, kind=CommunityKind.REGULAR).order_by("slug")[:8]
    )
    created = 0
    for index, community in enumerate(communities):
        memberships = list(
            Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
            .select_related("user")
            .order_by("user__username")
        )
        leaders = [m.user for m in memberships if m.role in (Role.MODERATOR, Role.OWNER)]
        if not leaders:
            continue
        members = [m.user for m in memberships]
        for offset, days in enumerate([-20 - 2 * index, 1 + index, 9 + 3 * index]):
            kind, title, description, place, online = TEMPLATES[(index + offset) % len(TEMPLATES)]
            if Event.objects.filter(community=community, title=title).exists():
                continue
            zone = ZONES[(index + offset) % len(ZONES)]
            # A sensible local hour in the organiser's zone (09:00 to 15:00), stored in UTC.
            local_day = (now + dt.timedelta(days=days)).astimezone(zoneinfo.ZoneInfo(zone)).date()
            starts = dt.datetime.combine(
                local_day, dt.time(rng.choice([9, 10, 14, 15])), tzinfo=zoneinfo.ZoneInfo(zone)
            ).astimezone(dt.UTC)
            past = days < 0
            materials = (
                "Slides and the shared notes of the session are below. Thank you to everyone who joined!"
                if past
                else ""
            )
            event = Event.objects.create(
                community=community, organiser=leaders[0], title=title, kind=kind, description=description,
                description_html=render_markdown(description),
                online_url="https://meet.example.org/" + community.slug if online else "",
                location=place, timezone=zone, starts_at=starts,
                ends_at=starts + dt.timedelta(hours=4 if kind == EventKind.FIELD_VISIT else 1, minutes=30),
                capacity=rng.choice([None, 25, 40]) if not past else None,
                recording_url="https://video.example.org/" + community.slug if past and online else "",
                materials=materials, materials_html=render_markdown(materials),
            )  # fmt: skip
            created += 1
            RSVP.objects.create(event=event, user=leaders[0], status=RSVPStatus.GOING)
            attendees = rng.sample(members, min(len(members), rng.randint(3, 12)))
            going = 1
            for user in attendees:
                if user == leaders[0]:
                    continue
                status = rng.choice([RSVPStatus.GOING, RSVPStatus.GOING, RSVPStatus.MAYBE, RSVPStatus.NOT_GOING])
                if status == RSVPStatus.GOING and event.capacity and going >= event.capacity:
                    status = RSVPStatus.WAITLISTED
                going += status == RSVPStatus.GOING
                RSVP.objects.get_or_create(event=event, user=user, defaults={"status": status})
    stdout.write(f"events: {created} new, {Event.objects.count()} in total")

"""Event pages, RSVP, calendars and iCalendar feeds.  Times show in the viewer's zone."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities import permissions as cp
from communities.models import Community
from events import permissions as ep
from events import selectors, services
from events.forms import CancelForm, EventForm, MaterialForm, RSVPForm
from events.ical import render_calendar
from events.models import Event, EventMaterial, RSVPStatus
from hub import i18n
from hub.responses import REJECTED, render_form, render_rejected
from uploads import file_response

PER_PAGE = 20


def _render(request, template, context, status=200):
    with timezone.override(selectors.viewer_zone(request.user)):
        return render(request, template, context, status=status)


def _community(request, slug):
    community = get_object_or_404(Community, slug=slug[:80])
    cp.check_can_view_community(request.user, community)
    return community


def _param(request, name):
    return (request.GET.get(name) or "").replace("\x00", "")[:40]


def _month(request):
    raw = _param(request, "month")
    today = timezone.now().astimezone(selectors.viewer_zone(request.user)).date()
    try:
        year, month = (int(p) for p in raw.split("-", 1))
        if not (1900 <= year <= 2200 and 1 <= month <= 12):
            raise ValueError
    except ValueError:
        year, month = today.year, today.month
    return year, month


def calendar_view(request):
    year, month = _month(request)
    first = dt.date(year, month, 1)
    prev_month = (first - dt.timedelta(days=1)).strftime("%Y-%m")
    next_month = (first + dt.timedelta(days=32)).replace(day=1).strftime("%Y-%m")
    when = "past" if _param(request, "when") == "past" else "upcoming"
    page = Paginator(selectors.event_list(viewer=request.user, when=when), PER_PAGE).get_page(
        _param(request, "page") or 1
    )
    return _render(
        request,
        "events/event_calendar.html",
        {
            "weeks": selectors.month_grid(viewer=request.user, year=year, month=month),
            "month_start": first,
            "prev_month": prev_month,
            "next_month": next_month,
            "when": when,
            "page_obj": page,
            "zone": selectors.viewer_zone(request.user),
        },
    )


def community_events(request, slug):
    community = _community(request, slug)
    when = "past" if _param(request, "when") == "past" else "upcoming"
    qs = selectors.event_list(viewer=request.user, when=when, community=community)
    page = Paginator(qs, PER_PAGE).get_page(_param(request, "page") or 1)
    return _render(
        request,
        "events/event_community.html",
        {
            "community": community,
            "page_obj": page,
            "when": when,
            "can_create": ep.can_create_event(request.user, community),
            "zone": selectors.viewer_zone(request.user),
        },
    )


@login_required
def event_create(request, slug):
    community = _community(request, slug)
    if not ep.can_create_event(request.user, community):
        raise PermissionDenied
    form = EventForm(request.POST or None, initial={"timezone": request.user.timezone or "UTC"})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(organiser=request.user, community=community, data=form.event_data())
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Event scheduled."))
            return redirect(event)
    context = {"form": form, "community": community, "event": None}
    return render_form(request, "events/event_form.html", context, form, renderer=_render)


def _event(request, pk):
    try:
        return selectors.event_get(pk=pk, viewer=request.user)
    except Event.DoesNotExist:
        raise Http404 from None


def event_detail(request, pk):
    return _detail(request, _event(request, pk))


def _detail(request, event, *, status=200, material_form=None):
    """The event page; a rejected action on it (cancel, RSVP, file) re-renders it with 400."""
    rsvp = selectors.rsvp_of(event=event, user=request.user)
    can_edit = ep.can_edit_event(request.user, event)
    return _render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "rsvp": rsvp,
            "can_rsvp": ep.can_rsvp(request.user, event),
            "can_edit": can_edit,
            "files": event.files.all(),
            "organiser_zone": event.timezone,
            "zone": selectors.viewer_zone(request.user),
            "material_form": (material_form or MaterialForm()) if can_edit else None,
            "statuses": RSVPStatus,
        },
        status=status,
    )


@login_required
def event_edit(request, pk):
    event = _event(request, pk)
    if not ep.can_edit_event(request.user, event):
        raise PermissionDenied
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(actor=request.user, event=event, data=form.event_data())
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Event updated; attendees were told about changes of time or place."))
            return redirect(event)
    context = {"form": form, "community": event.community, "event": event}
    return render_form(request, "events/event_form.html", context, form, renderer=_render)


@login_required
@require_POST
def event_cancel(request, pk):
    event = _event(request, pk)
    if not ep.can_edit_event(request.user, event):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is at most 500 characters."))
        return _detail(request, event, status=REJECTED)
    services.event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"])
    messages.success(request, _("Event cancelled; attendees were told."))
    return redirect(event)


@login_required
@require_POST
def event_rsvp(request, pk):
    event = _event(request, pk)
    form = RSVPForm(request.POST)
    if not ep.can_rsvp(request.user, event):
        raise PermissionDenied
    if not form.is_valid():
        error = _("Choose going, maybe or not going.")
        if request.htmx:
            context = {"event": event, "rsvp": selectors.rsvp_of(event=event, user=request.user), "can_rsvp": True,
                       "statuses": RSVPStatus, "error": error}  # fmt: skip
            return render_rejected(request, "events/_rsvp.html", context, renderer=_render)
        messages.error(request, error)
        return _detail(request, event, status=REJECTED)
    rsvp = services.rsvp_set(user=request.user, event=event, status=form.cleaned_data["status"])
    if request.htmx:
        event = _event(request, pk)
        return _render(
            request, "events/_rsvp.html", {"event": event, "rsvp": rsvp, "can_rsvp": True, "statuses": RSVPStatus}
        )
    if rsvp.status == RSVPStatus.WAITLISTED:
        messages.info(
            request, _("The event is full: you are on the waiting list and will be told if a place frees up.")
        )
    else:
        messages.success(request, _("Your answer is saved: %(s)s.") % {"s": rsvp.get_status_display()})
    return redirect(event)


@login_required
def event_attendees(request, pk):
    event = _event(request, pk)
    if not ep.can_view_attendees(request.user, event):
        raise PermissionDenied
    return _render(request, "events/event_attendees.html", {"event": event, "rsvps": selectors.attendees(event=event)})


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def event_ics(request, pk):
    event = _event(request, pk)
    return _ics_response(render_calendar([event], name=event.title), f"event-{event.pk}.ics")


def community_feed(request, slug):
    """Public communities: anyone.  Others: ?token= of a member's calendar token (404 otherwise)."""
    community = get_object_or_404(Community, slug=slug[:80])
    viewer = request.user
    token = request.GET.get("token")
    if token:
        viewer = selectors.feed_token_user(token)
        if viewer is None:
            raise Http404
    events = selectors.feed_for_community(community=community, viewer=viewer)
    if events is None:
        raise Http404
    return _ics_response(render_calendar(events, name=community.name), f"{community.slug}.ics")


def member_feed(request, token):
    user = selectors.feed_token_user(token)
    if user is None:
        raise Http404
    events = selectors.feed_for_member(user=user)
    # Calendar apps fetch the unprefixed address: the feed speaks its owner's language.
    with i18n.for_member(user):
        calendar = render_calendar(events, name=_("My Action Hub events"))
    return _ics_response(calendar, "action-hub.ics")


@login_required
def calendar_feeds(request):
    token = services.calendar_token_for(request.user)
    base = request.build_absolute_uri("/")[:-1]
    feed_url = base + reverse("events:member-feed", args=[token.token])
    communities = cp.communities_visible_to(
        request.user,
        Community.objects.filter(memberships__user=request.user, memberships__status="active"),
    ).order_by("name")
    rows = [
        (c, base + reverse("events:community-feed", args=[c.slug]) + ("" if c.is_public else f"?token={token.token}"))
        for c in communities
    ]
    return _render(request, "events/calendar_feeds.html", {"feed_url": feed_url, "rows": rows})


@login_required
@require_POST
def calendar_token_reset(request):
    services.calendar_token_reset(user=request.user)
    messages.success(request, _("New calendar addresses created: the old ones no longer work."))
    return redirect("events:feeds")


@login_required
@require_POST
def material_add(request, pk):
    event = _event(request, pk)
    if not ep.can_edit_event(request.user, event):
        raise PermissionDenied
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(
                actor=request.user, event=event, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("File attached."))
            return redirect(event)
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _detail(request, event, status=REJECTED, material_form=form)


def material_download(request, pk, material_id):
    material = get_object_or_404(EventMaterial.objects.select_related("event__community"), pk=material_id, event_id=pk)
    ep.check_can_view_event(request.user, material.event)
    return file_response(material.file, filename=material.original_name, content_type=material.content_type)

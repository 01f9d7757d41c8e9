"""Read queries for member pages: directory, profiles."""

import re

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from taggit.models import TaggedItem

from accounts.models import User
from accounts.permissions import can_view_profile, profiles_visible_to

_HANDLE = re.compile(r"[\w.@+-]{1,150}")


def user_list_for_directory(*, viewer, q: str = "", country: str = "", sector: str = "") -> QuerySet[User]:
    """Active members matching a free-text query (name, handle, organisation, expertise)
    and the country/sector filters, with their expertise prefetched."""
    members = profiles_visible_to(viewer, User.objects.filter(is_active=True))
    q = (q or "").strip()
    if q:
        tag_match = TaggedItem.objects.filter(
            content_type__app_label="accounts",
            content_type__model="user",
            object_id=OuterRef("pk"),
            tag__name__icontains=q,
        )
        members = members.filter(
            Q(display_name__icontains=q)
            | Q(username__icontains=q)
            | Q(organisation__icontains=q)
            | Q(job_title__icontains=q)
            | Exists(tag_match)
        )
    if country:
        members = members.filter(country=country)
    if sector:
        members = members.filter(sector=sector)
    return members.order_by("display_name", "username").prefetch_related("expertise")


def user_country_codes_in_directory(*, viewer=None) -> list[str]:
    """Countries that at least one active member listed for ``viewer`` comes from (filter list)."""
    members = profiles_visible_to(viewer, User.objects.filter(is_active=True))
    return list(members.exclude(country="").order_by().values_list("country", flat=True).distinct())


def user_get_profile(*, username: str, viewer) -> User:
    """An active member's profile, or 404 (also when their choice hides it from ``viewer``)."""
    if not _HANDLE.fullmatch(username or ""):  # e.g. a NUL byte, which PostgreSQL refuses outright
        raise Http404
    queryset = User.objects.filter(is_active=True).prefetch_related("expertise")
    member = get_object_or_404(queryset, username=username)
    if not can_view_profile(viewer, member):
        raise Http404
    return member

"""Read queries for member pages: directory, profiles."""

import re

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from taggit.models import TaggedItem

from accounts.models import User

_HANDLE = re.compile(r"[\w.@+-]{1,150}")


def user_list_for_directory(*, viewer, q: str = "", country: str = "", sector: str = "") -> QuerySet[User]:
    """Active members matching a free-text query (name, handle, organisation, expertise)
    and the country/sector filters, with their expertise prefetched."""
    members = User.objects.filter(is_active=True)
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


def user_country_codes_in_directory() -> list[str]:
    """Countries that at least one active member comes from (for the filter list)."""
    return list(
        User.objects.filter(is_active=True).exclude(country="").order_by().values_list("country", flat=True).distinct()
    )


def user_get_profile(*, username: str, viewer) -> User:
    """An active member's public profile, or 404."""
    if not _HANDLE.fullmatch(username or ""):  # e.g. a NUL byte, which PostgreSQL refuses outright
        raise Http404
    queryset = User.objects.filter(is_active=True).prefetch_related("expertise")
    return get_object_or_404(queryset, username=username)

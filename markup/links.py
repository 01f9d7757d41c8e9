"""Links to objects for pages and messages that must never fail because a route is missing."""

from django.urls import NoReverseMatch


def url_of(obj) -> str:
    """obj.get_absolute_url(), or "" when the target route is not installed (never a 500)."""
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""

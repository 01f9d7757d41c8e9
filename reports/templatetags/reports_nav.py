"""``{% reports_nav_link %}``: the "Reports" entry of the user menu, for moderators and staff."""

from django import template
from django.core.cache import cache

from reports import permissions

register = template.Library()

# Whether someone moderates anything changes rarely; one lookup per person per few minutes.
NAV_TTL = 300


def _may_see_reports(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if permissions.can_view_platform_report(user):
        return True
    key = f"reports:nav:{user.pk}"
    cached = cache.get(key)
    if cached is None:
        cached = permissions.reportable_communities(user).exists()
        cache.set(key, cached, NAV_TTL)
    return cached


@register.inclusion_tag("reports/_nav_item.html", takes_context=True)
def reports_nav_link(context):
    request = context.get("request")
    return {"show": _may_see_reports(getattr(request, "user", None))}

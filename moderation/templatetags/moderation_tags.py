"""Template helpers: the moderation link in the nav, and the viewer's moderation rights."""

from django import template

from communities import permissions as cp
from moderation import permissions as mp
from moderation.selectors import nav_queue_count

register = template.Library()


@register.inclusion_tag("moderation/_nav_item.html", takes_context=True)
def moderation_nav(context):
    """A "Moderation (n)" link for moderators and staff; nothing for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"count": nav_queue_count(user), "request": request}


def _per_request(request, key, compute):
    """``compute()`` once per request and key: the tags run once per post of a page."""
    if request is None:
        return compute()
    memo = request.__dict__.setdefault("_moderation_tag_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@register.simple_tag(takes_context=True)
def can_moderate(context, community):
    """Whether the viewer moderates ``community`` (membership lookups are cached per request user)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if community is None:
        return False
    return _per_request(request, ("moderate", community.pk), lambda: cp.can_moderate_community(user, community))


@register.simple_tag(takes_context=True)
def can_flag(context, item):
    """``moderation.permissions.can_flag`` for the viewer (the flag view checks it again)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if item is None:
        return False
    return mp.can_flag(user, item)

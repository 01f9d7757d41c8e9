"""``{% notification_bell %}``: the unread count in the navigation, kept live by rt-bell.js."""

from django import template

from notifications.services import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    count = unread_count(user) if user is not None and user.is_authenticated else 0
    return {"count": count, "request": request, "user": user}
